"""The request's upload stream, cut off at MAX_REQUEST_UPLOAD_MB while it comes in."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class CappedUploadHandler(FileUploadHandler):
    """Stops reading a request whose files exceed MAX_REQUEST_UPLOAD_MB while it streams in.

    Django would otherwise spool the whole body to a temporary file before any validator
    sees the size. First in FILE_UPLOAD_HANDLERS: it passes the data on to the usual
    handlers until the cap, then ends the upload without reading the rest; the file is
    missing from the form, which says so, and `request.upload_cut_off` is set.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.cap = settings.MAX_REQUEST_UPLOAD_MB * 1024 * 1024
        self.too_long = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.cap = settings.MAX_REQUEST_UPLOAD_MB * 1024 * 1024
        self.too_long = content_length is not None and content_length > self.cap
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_long:
            self._cut_off()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.cap:
            self._cut_off()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _cut_off(self):
        self.request.upload_cut_off = True
        raise StopUpload(connection_reset=True)

"""Events for children, news and documents for parents, and the МОЦ's media plan."""

from .documents import Document
from .events import Event
from .mediaplan import MediaPlan, MediaPlanRow
from .news import NewsItem

__all__ = ["Document", "Event", "MediaPlan", "MediaPlanRow", "NewsItem"]

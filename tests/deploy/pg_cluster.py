"""Throwaway PostgreSQL clusters for the replica tests: a primary made with initdb and a
streaming replica made with `pg_basebackup -R`, in a temporary directory on ports of their own
(never the machine's own database). Run as the postgres user when the tests run as root."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path


def postgres_bin():
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


class Clusters:
    def __init__(self, primary_port, replica_port):
        self.bin = postgres_bin()
        self.primary_port, self.replica_port = primary_port, replica_port
        self.root = Path(tempfile.mkdtemp(prefix="moc-replica-"))
        self.primary, self.replica = self.root / "primary", self.root / "replica"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)

    def run(self, tool, *args, check=True):
        command = [str(self.bin / tool), *map(str, args)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def _options(self, port):
        return f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start_primary(self):
        self.run("initdb", "-D", self.primary, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start(self.primary, self.primary_port)

    def start_replica(self):
        self.run(
            "pg_basebackup",
            "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
            "-D", self.replica, "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        self.start(self.replica, self.replica_port)

    def start(self, data, port):
        self.run("pg_ctl", "-D", data, "-l", data / "log", "-w", "-o", self._options(port), "start")

    def stop(self, data):
        self.run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop", check=False)

    def psql(self, port, sql, database="postgres"):
        return self.run(
            "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database,
            "-tAc", sql,
        ).stdout.strip()  # fmt: skip

    def url(self, port, database):
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def destroy(self):
        for data in (self.replica, self.primary):
            if (data / "postmaster.pid").exists():
                self.stop(data)
        shutil.rmtree(self.root, ignore_errors=True)

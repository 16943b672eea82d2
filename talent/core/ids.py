"""Application-generated ids and the millisecond clock every record is stamped with."""

import time
import uuid


def now_ms() -> int:
    return int(time.time() * 1000)


def new_id() -> str:
    return str(uuid.uuid4())

"""The yardstick of the read benchmark: a bare Litestar endpoint returning a constant list."""

from litestar import Litestar, get

ITEMS = [{"id": i, "title": f"提案 {i}", "agree": i % 7} for i in range(20)]


@get("/items")
async def items() -> list[dict[str, object]]:
    return ITEMS


app = Litestar([items])

"""Who signs a register, from the layout (data) and the dated settings.

A layout's ``signoff`` (resources/registers/*.json, see render/LAYOUTS.md)
lists blocks of signers by setting key with the role each signs as; the
names and positions are the settings in force on the register's last day,
so a register printed for an old day shows who signed then. A block may
carry a caption and a statement with ``{name}`` fields that the register
fills in (the cash-custody committee's certification on the daily status).
"""

from __future__ import annotations

from ..messages import problem
from ..render.layout import LayoutError
from ..render.model import SignBlock, Signer

DEFAULT = {"blocks": [{"signers": [{"key": "clerk", "role": "ผู้จัดทำ"},
                                   {"key": "finance_head", "role": "ผู้ตรวจสอบ"}]}]}


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise LayoutError(message)


def build_signoff(spec: dict | None, settings: dict[str, str], values: dict[str, str]) -> tuple[SignBlock, ...]:
    """The sign-off blocks of one register; ``settings`` are those in force on its day."""
    spec = spec if spec is not None else DEFAULT
    _need(isinstance(spec, dict) and isinstance(spec.get("blocks"), list),
          problem("signoff_not_object").message)
    date_line = str(spec.get("date_line", ""))
    out = []
    for i, block in enumerate(spec["blocks"]):
        where = f"signoff.blocks[{i}]"
        _need(isinstance(block, dict) and isinstance(block.get("signers"), list) and block["signers"],
              problem("signoff_no_signers", where=where).message)
        signers = []
        for j, s in enumerate(block["signers"]):
            _need(isinstance(s, dict) and s.get("key") and s.get("role"),
                  problem("signoff_signer_bad", where=where, index=j).message)
            key = str(s["key"])
            signers.append(Signer(role=str(s["role"]), name=settings.get(key, ""),
                                  title=settings.get(f"{key}_title", "")))
        text = str(block.get("text", ""))
        if block.get("text_when_none") and values.get("kept") == "0":
            text = str(block["text_when_none"])
        try:
            text.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise LayoutError(problem("signoff_text_bad", where=where, why=exc,
                                      names=", ".join(sorted(values)) or "-").message) from None
        out.append(SignBlock(tuple(signers), caption=str(block.get("caption", "")), text=text,
                             per_row=int(block.get("per_row", 2)),
                             date_line=date_line if block.get("date_line", True) else ""))
    return tuple(out)

"""The finance engine: plain inputs in (``desktop.finance.inputs``), one immutable result out
(``desktop.finance.result``). Pure Python: no Qt, no database, no files."""

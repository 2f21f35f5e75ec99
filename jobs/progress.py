"""What a long piece of work reports while it runs. A job (jobs.models.Job) is one; services
that may run outside a job take `progress=SILENT`, which reports nowhere.

- `set_total(total)`: how many steps there are (rows to check, rows to write); done is 0.
- `advance(count=1)`: that many more steps are done. Call it outside any transaction, so that
  each step is committed and the progress page sees it.
- `saved()`: call it inside the transaction that saves the work, as its last statement. It
  records, in that same transaction, that the work is saved, so a task delivered again after
  the commit does not save it twice; it raises jobs.services.AlreadySaved when another run of
  the same job saved first, which rolls this run's transaction back."""


class _Silent:
    def set_total(self, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def saved(self) -> None:
        pass


SILENT = _Silent()


def counted(items, progress, *, total: int | None = None):
    """Yield `items`, advancing `progress` by one for each (after setting its total, when
    given): an export's rows report progress as the file is written."""
    if total is not None:
        progress.set_total(total)
    for item in items:
        yield item
        progress.advance()

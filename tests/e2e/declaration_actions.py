"""The moves on a declaration's page as a person makes them: each move's form is folded under
its name (one starts open), so a person opens the fold, fills the form and presses its button."""


def unfold(page, action):
    fold = page.locator(f"details.action-fold:has(#action-{action})")
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()


def act(page, action):
    unfold(page, action)
    page.locator(f"#action-{action} button[type=submit]").click()

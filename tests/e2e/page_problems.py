"""What a browser test watches on every page: script errors, console errors, server errors
(HTTP 5xx) and anything the Content-Security-Policy refused. Each is appended to `problems`;
the test fails when the list is not empty.

A refusal of the policy is caught twice over: Chromium's console message ("Applying inline
style violates the following Content Security Policy directive …"), and
the page's own `securitypolicyviolation` event, recorded by a script Playwright adds to every
document before the page's own scripts run (it is not subject to the policy). Each event is
sent to the test at once; `PageWatch.check()` also reads what the current document recorded,
for an event whose message had not arrived yet when the test ends."""

CSP = "Content Security Policy"

# Runs in every document of the page before its own scripts. `__cspViolation` is the function
# Playwright exposes to report to the test.
RECORD_VIOLATIONS = """(() => {
  const recorded = [];
  Object.defineProperty(window, "__cspViolations", { value: recorded });
  const documentId = Math.random().toString(36).slice(2);
  document.addEventListener(
    "securitypolicyviolation",
    (event) => {
      const where = event.sourceFile || event.documentURI;
      const violation = {
        id: documentId + "-" + recorded.length,
        text:
          event.effectiveDirective + " refused " + (event.blockedURI || "inline code") +
          " at " + where + (event.lineNumber ? ":" + event.lineNumber : "") +
          (event.sample ? " (" + event.sample + ")" : ""),
      };
      recorded.push(violation);
      if (typeof window.__cspViolation === "function") {
        window.__cspViolation(violation.id, violation.text);
      }
    },
    true,
  );
})();"""


class PageWatch:
    def __init__(self, page, problems, who=""):
        self.page = page
        self.problems = problems
        self.prefix = f"{who}: " if who else ""
        self.seen = set()
        page.on("console", self._console)
        page.on("pageerror", lambda error: problems.append(f"{self.prefix}script error: {error}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 500
                and problems.append(f"{self.prefix}HTTP {response.status}: {response.url}")
            ),
        )
        page.expose_function("__cspViolation", self._violation)
        page.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message):
        if CSP in message.text:
            self.problems.append(f"{self.prefix}content security policy (console): {message.text}")
        elif message.type == "error":
            self.problems.append(f"{self.prefix}console: {message.text}")

    def _violation(self, violation_id, text):
        if violation_id not in self.seen:
            self.seen.add(violation_id)
            self.problems.append(f"{self.prefix}content security policy: {text}")

    def check(self):
        """Adds what the current document recorded and was not reported yet; returns the
        problems. Call it before closing the page."""
        if not self.page.is_closed():
            recorded = self.page.evaluate("() => window.__cspViolations || []")
            for violation in recorded:
                self._violation(violation["id"], violation["text"])
        return self.problems


def watch_for_errors(page, problems, who="") -> PageWatch:
    """Watch `page` from now on (call it before the first navigation); `.check()` on the
    returned watch before closing the page also collects the last refusals."""
    return PageWatch(page, problems, who)

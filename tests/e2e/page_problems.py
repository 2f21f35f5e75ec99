"""What a browser test watches on every page: script errors, console errors and server errors
(HTTP 5xx). Each is appended to `problems`; the test fails when the list is not empty."""


def watch_for_errors(page, problems, who=""):
    prefix = f"{who}: " if who else ""
    page.on(
        "console",
        lambda message: (
            message.type == "error" and problems.append(f"{prefix}console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{prefix}script error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 500
            and problems.append(f"{prefix}HTTP {response.status}: {response.url}")
        ),
    )

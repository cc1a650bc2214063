"""The browser fixtures' guards work: a request to another host and a CSP
violation are both caught (then cleared, so these tests themselves pass)."""

from __future__ import annotations


def test_a_request_to_another_host_is_blocked_and_recorded(new_page, site_url, browser_problems):
    page = new_page(bypass_csp=True)  # the site's CSP would stop the request before the guard sees it
    page.goto(site_url)
    page.evaluate("""() => new Promise(done => {
        const img = document.createElement('img');
        img.onload = img.onerror = done;
        img.src = 'http://example.invalid/tracker.png';
        document.body.append(img);
    })""")
    assert browser_problems.external_requests == ["http://example.invalid/tracker.png"]
    assert page.evaluate("document.querySelector('img[src*=tracker]').naturalWidth") == 0
    browser_problems.external_requests.clear()
    browser_problems.console_errors.clear()  # the aborted load may log a failed-resource error


def test_a_csp_violation_is_recorded_as_a_console_error(page, site_url, browser_problems):
    page.goto(site_url)
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
    }""")
    page.wait_for_timeout(100)
    assert page.evaluate("window.inlineRan") is None
    assert any("Content Security Policy" in e for e in browser_problems.console_errors), browser_problems.console_errors
    browser_problems.console_errors.clear()

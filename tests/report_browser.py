"""Opening the HTML report in headless Chromium and recording what the browser saw.

Shared by tests/test_report.py and docs/make_report_screenshot.py. The browser
runs with a fresh profile and background networking off, and both the console log
and the network (performance) log are read back, so the test can assert that the
report loads with no errors and asks for nothing outside its own folder.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@dataclass
class BrowserVisit:
    """What one page load produced."""

    url: str
    title: str
    console: list[dict[str, Any]] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    svg_count: int = 0
    svg_sizes: list[tuple[int, int]] = field(default_factory=list)
    charts_bottom: int = 0  # page y (CSS px) just below the lowest chart
    scripts_ran: bool = False
    text: str = ""

    @property
    def console_errors(self) -> list[dict[str, Any]]:
        return [e for e in self.console if e.get("level") == "SEVERE"]

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requested if not u.startswith(("file://", "data:", "about:"))]


def browser_available() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    chromium = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    driver = shutil.which("chromedriver") or (CHROMEDRIVER if Path(CHROMEDRIVER).exists() else None)
    if not chromium or not driver:
        return "chromium and chromedriver are not installed (make browser-deps)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed in the virtualenv"
    return None


def visit(
    pages: list[Path],
    screenshot: Path | None = None,
    width: int = 1400,
    height: int = 1000,
    full_page: bool = True,
) -> list[BrowserVisit]:
    """Load each page in turn; screenshot the first one (whole page) when asked."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="foia-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(shutil.which("chromedriver") or CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    visits = []
    try:
        for n, page in enumerate(pages):
            url = page.resolve().as_uri()
            driver.get_log("browser")  # drop what the start page logged
            driver.get_log("performance")
            driver.get(url)
            if n == 0 and screenshot is not None:
                _full_page_screenshot(driver, screenshot, width, full_page)
            sizes = driver.execute_script(
                "return Array.from(document.querySelectorAll('svg.chart'))"
                ".map(s => { const r = s.getBoundingClientRect(); "
                "return [Math.round(r.width), Math.round(r.height)]; });"
            )
            ran = driver.execute_script("return window.__foia_injected === true;")
            bottom = driver.execute_script(
                "return Math.max(0, ...Array.from(document.querySelectorAll('svg.chart'))"
                ".map(s => s.getBoundingClientRect().bottom + window.scrollY));"
            )
            visits.append(
                BrowserVisit(
                    url=url,
                    title=driver.title,
                    console=list(driver.get_log("browser")),
                    requested=_requested_urls(driver.get_log("performance")),
                    svg_count=len(sizes),
                    svg_sizes=[(int(w), int(h)) for w, h in sizes],
                    scripts_ran=bool(ran),
                    charts_bottom=int(bottom),
                    text=driver.find_element("tag name", "body").text,
                )
            )
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return visits


def _full_page_screenshot(driver: Any, path: Path, width: int, full_page: bool) -> None:
    """Grow the window to the page's height so one image shows every chart."""
    if full_page:
        tall = int(driver.execute_script("return document.documentElement.scrollHeight;"))
        driver.set_window_size(width, min(max(tall, 600), 16000))
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))


def _requested_urls(entries: list[dict[str, Any]]) -> list[str]:
    """Every URL the page (or anything it loaded) asked for, the page itself included.

    Requests of Chromium's own pages (the new-tab page, chrome://) have another
    documentURL and are left out; everything our document started is kept.
    """
    urls = []
    for entry in entries:
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.requestWillBeSent":
            continue
        params = message["params"]
        document = str(params.get("documentURL", ""))
        if document.startswith("chrome://") and not str(params["request"]["url"]).startswith(
            "file://"
        ):
            continue
        urls.append(str(params["request"]["url"]))
    return urls

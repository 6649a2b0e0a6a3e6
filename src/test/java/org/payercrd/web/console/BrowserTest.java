package org.payercrd.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.payercrd.RunningService;

/**
 * The console in a real browser (Debian's Chromium, headless) against the real service. Every test fails on a
 * browser console error or a dialog, and keeps a screenshot under {@code target/console-screenshots/}.
 */
abstract class BrowserTest extends RunningService {

    private static Playwright playwright;
    private static Browser browser;

    protected Page page;
    protected final List<String> consoleErrors = new ArrayList<>();
    protected final List<String> dialogs = new ArrayList<>();

    @BeforeAll
    static void launchChromium() {
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setArgs(List.of(
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    @AfterAll
    static void closeChromium() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(message.text());
            }
        });
        page.onPageError(error -> consoleErrors.add(error));
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) {
        page.screenshot(new Page.ScreenshotOptions()
                .setFullPage(true)
                .setPath(Path.of(
                        "target",
                        "console-screenshots",
                        test.getTestMethod().orElseThrow().getName() + ".png")));
        page.close();
        assertThat(consoleErrors).as("browser console errors").isEmpty();
        assertThat(dialogs).as("dialogs opened by the page").isEmpty();
    }

    protected Response openConsole() {
        Response response = page.navigate("http://localhost:" + port + "/");
        page.waitForSelector("body[data-ready=true]");
        return response;
    }

    protected void choosePatient(String name) {
        String label = page.locator("#patient option").allTextContents().stream()
                .filter(text -> text.contains(name))
                .findFirst()
                .orElseThrow();
        page.selectOption("#patient", new SelectOption().setLabel(label));
    }

    protected void sign() {
        page.click("#send");
        page.waitForSelector("#call-status:has-text('answered')");
    }
}

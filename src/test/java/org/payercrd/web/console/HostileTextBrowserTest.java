package org.payercrd.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Markup where the console shows text: a test policy (src/test/resources/hostile-policies) whose title, publisher,
 * description, citations and card wording hold {@code <script>} and {@code <img onerror>}, and a custom order whose
 * {@code code.text} is an {@code <img onerror>}. Nothing may run (no dialog, no console error: a blocked inline
 * handler or a broken image would log one), no such element may reach the page, and the text must read as written.
 */
@TestPropertySource(properties = "crd.policies.locations=classpath:fhir-resources/,classpath:hostile-policies/")
class HostileTextBrowserTest extends BrowserTest {

    private static final String HOSTILE_ORDER_TEXT = "<img src=x onerror=alert(1)>";
    private static final Path POLICY = Path.of("src", "test", "resources", "hostile-policies", "hostile-text");

    private static JsonNode read(String file) throws IOException {
        return new ObjectMapper().readTree(POLICY.resolve(file).toFile());
    }

    private void assertNoMarkupReachedThePage() {
        assertThat(page.locator("main script, main img, main iframe, main b, main [onerror]")
                        .count())
                .isZero();
        assertThat(page.locator("a[href^='javascript']").count()).isZero();
        assertThat(dialogs).isEmpty();
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aHostileOrderTextAndAHostilePolicyAreShownAsTextOnTheCards() throws IOException {
        JsonNode card =
                read("PlanDefinition-HostileTextCoverage.json").path("action").path(1);
        String publisher =
                read("Library-HostileTextPolicy.json").path("publisher").asText();
        String code = read("ValueSet-hostile-text-codes.json")
                .path("compose")
                .path("include")
                .path(0)
                .path("concept")
                .path(0)
                .path("code")
                .asText();
        openConsole();
        choosePatient("Okafor");
        page.fill("#order-code", code);
        page.fill("#order-text", HOSTILE_ORDER_TEXT);
        sign();

        Locator cards = page.locator("#cards article.card");
        assertThat(cards.count()).isEqualTo(1);
        assertThat(cards.first().locator(".summary").textContent())
                .isEqualTo(card.path("title").asText());
        Locator detail = cards.first().locator(".markdown");
        assertThat(detail.locator("strong").first().textContent()).isEqualTo("Covered:");
        assertThat(detail.locator("p").first().textContent())
                .contains(HOSTILE_ORDER_TEXT)
                .contains("<script>alert('card detail')</script>")
                .contains("<img src=x onerror=alert('card img')>")
                .contains("[run](javascript:alert(7))");
        assertThat(detail.locator("ul li").allTextContents()).containsExactly("<b>one</b>", "two");
        assertThat(cards.first().locator(".source").textContent()).contains("Source: " + publisher);
        JsonNode topic = new ObjectMapper()
                .readTree(page.locator("#response-json").textContent())
                .path("cards")
                .path(0)
                .path("source")
                .path("topic");
        assertThat(topic.path("code").asText()).isNotEmpty();
        assertThat(topic.has("display"))
                .as("the hostile policy gives its card type no display")
                .isFalse();
        assertThat(cards.first().locator(".source .topic").textContent())
                .as("a code is said to be one")
                .isEqualTo(" \u00b7 Topic code: " + topic.path("code").asText() + " ("
                        + topic.path("system").asText() + ")");
        assertThat(page.locator("#request-json").textContent()).contains(HOSTILE_ORDER_TEXT);
        assertThat(page.locator("#response-json").textContent()).contains("alert('card detail')");
        assertNoMarkupReachedThePage();
    }

    @Test
    void theHostilePolicyIsShownAsTextOnThePoliciesPage() throws IOException {
        JsonNode library = read("Library-HostileTextPolicy.json");
        page.navigate("http://localhost:" + port + "/console/policies.html");
        page.waitForSelector("body[data-ready=true]");

        Locator policy = page.locator("article.policy")
                .filter(new Locator.FilterOptions()
                        .setHasText(library.path("title").asText()));
        assertThat(policy.count()).isEqualTo(1);
        assertThat(policy.locator("h2").textContent())
                .isEqualTo(library.path("title").asText());
        assertThat(policy.locator(".policy-description").textContent())
                .isEqualTo(library.path("description").asText());
        assertThat(policy.locator(".policy-facts").textContent())
                .contains(library.path("publisher").asText());
        JsonNode citation = library.path("relatedArtifact").path(1);
        Locator cited = policy.locator(".policy-citations li");
        assertThat(cited.textContent())
                .contains(citation.path("label").asText())
                .contains(citation.path("display").asText())
                .contains(citation.path("citation").asText());
        assertThat(cited.locator("a").count())
                .as("a javascript: URL is not made a link")
                .isZero();
        assertThat(policy.locator(".policy-document a").textContent())
                .isEqualTo(
                        library.path("relatedArtifact").path(0).path("display").asText());
        assertThat(policy.locator(".policy-codes summary").textContent())
                .contains("<script>alert('value set')</script>");
        assertThat(library.has("effectivePeriod")).isFalse();
        assertThat(policy.locator(".policy-facts dt").allTextContents())
                .as("no effective period, no row")
                .isNotEmpty()
                .doesNotContain("Effective");
        Locator ire = page.locator("article.policy[data-policy=ire-nanoknife]");
        assertThat(ire.count()).isEqualTo(1);
        String start = new ObjectMapper()
                .readTree(Path.of("fhir-resources", "ire-nanoknife", "Library-IreNanoKnifePolicy.json")
                        .toFile())
                .path("effectivePeriod")
                .path("start")
                .asText();
        assertThat(start).isNotEmpty();
        assertThat(ire.locator(".policy-facts dt:text-is('Effective') + dd").textContent())
                .isEqualTo(start + " onwards");
        assertNoMarkupReachedThePage();
    }
}

package org.payercrd.deploy;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.KnowledgeServer;
import org.payercrd.CrdProperties.Policies;
import org.payercrd.CrdProperties.TrustedIssuer;
import org.payercrd.RunningService;
import org.payercrd.clients.TestClients;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run on a machine without a Docker engine, so it is read here the way Compose reads
 * it, and checked against the service it deploys: what each container is, what it waits for, and that the
 * settings and paths it names exist.
 */
class DockerComposeTest extends RunningService {

    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        services = map(compose, "services");
    }

    @Test
    void bringsUpTheServiceItsDatabaseAFhirServerTheSeedAndTheDemoEhr() {
        assertThat(services).containsOnlyKeys("crd", "db", "hapi", "seed", "demo-ehr");
        assertThat(string(service("db"), "image")).startsWith("postgres:");
        assertThat(string(service("hapi"), "image")).startsWith("hapiproject/hapi:v");
        assertThat(string(service("demo-ehr"), "image")).startsWith("nginx:");
        assertThat(services.values())
                .allSatisfy(s -> assertThat(string(map(s), "image")).doesNotEndWith(":latest"));
    }

    @Test
    void serviceIsBuiltByTheMultiStageDockerfileWithMaven() throws IOException {
        Map<String, Object> build = map(service("crd"), "build");
        Path dockerfile = Path.of(string(build, "context")).resolve(string(build, "dockerfile"));
        List<String> stages = Files.readAllLines(dockerfile).stream()
                .filter(l -> l.startsWith("FROM "))
                .toList();

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).startsWith("FROM maven:").endsWith(" AS build");
        assertThat(stages.get(1)).startsWith("FROM eclipse-temurin:17-jre");
        assertThat(Files.readString(dockerfile)).contains("COPY --from=build", "EXPOSE 8080", "USER crd");
    }

    @Test
    void servicePublishesItsPortAndItsHealthCheckAsksTheReadinessThatAnswersHere() {
        Map<String, Object> crd = service("crd");
        assertThat(strings(crd, "ports")).containsExactly("8080:8080");
        List<String> test = strings(map(crd, "healthcheck"), "test");
        URI probe = URI.create(test.get(test.size() - 1));

        assertThat(test.get(0)).isEqualTo("CMD");
        assertThat(probe.getPort()).isEqualTo(8080);
        get(probe.getPath()).then().statusCode(200);
        assertThat(probe.getPath()).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void serviceRequiresAuthenticationTrustsTheDemoIssuerAndAuditsToTheComposePostgres() {
        Binder env = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                "compose-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                map(service("crd"), "environment"))));
        Map<String, Object> db = map(service("db"), "environment");

        Auth auth = env.bind("crd.auth", Auth.class).get();

        assertThat(auth.required()).isTrue();
        assertThat(auth.publicBaseUrl()).isEqualTo("http://localhost:" + publishedPort());
        assertThat(auth.trustedIssuers())
                .extracting(TrustedIssuer::issuer)
                .containsExactly("http://demo-ehr", "https://sandbox.cds-hooks.org");
        URI jwks = URI.create(auth.trustedIssuers().get(0).jwksUrl());
        assertThat(jwks.getHost()).isEqualTo("demo-ehr");
        assertThat(Path.of("demo/ehr/public").resolve(jwks.getPath().substring(1)))
                .exists();
        assertThat(auth.trustedIssuers())
                .allSatisfy(issuer -> assertThat(issuer.jwksFile()).isNull());
        assertThat(auth.trustedIssuers())
                .allSatisfy(issuer -> assertThat(issuer.jwksUrl() == null)
                        .as(issuer.issuer() + " has one key source")
                        .isNotEqualTo(issuer.jwks() == null));
        assertThat(env.bind("spring.datasource.url", String.class).get())
                .isEqualTo("jdbc:postgresql://db:5432/" + db.get("POSTGRES_DB"));
        assertThat(env.bind("spring.datasource.username", String.class).get()).isEqualTo(db.get("POSTGRES_USER"));
        assertThat(env.bind("spring.datasource.password", String.class).get()).isEqualTo(db.get("POSTGRES_PASSWORD"));
        assertThat(env.bind("crd.fhir.allowed-servers[0]", String.class).get()).isEqualTo("http://hapi:8080/fhir");
    }

    /** The demo runs without a network: the sandbox is trusted through its pinned public key, nothing is fetched. */
    @Test
    void theSandboxIsTrustedThroughItsPinnedKeyWithoutFetchingAnything() throws Exception {
        Binder env = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                "compose-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                map(service("crd"), "environment"))));
        TrustedIssuer sandbox =
                env.bind("crd.auth", Auth.class).get().trustedIssuers().get(1);

        assertThat(sandbox.issuer()).isEqualTo(TestClients.SANDBOX);
        assertThat(sandbox.jwksUrl()).isNull();
        assertThat(sandbox.algorithms()).containsExactly("ES384");
        JWKSet pinned = JWKSet.parse(sandbox.jwks());
        assertThat(pinned.getKeys()).hasSize(1);
        assertThat(pinned.getKeys().get(0).toJSONObject())
                .isEqualTo(TestClients.sandboxKey().toPublicJWK().toJSONObject());
    }

    @Test
    void databaseKeepsItsDataInANamedVolumeAndSaysWhenItIsReady() {
        Map<String, Object> db = service("db");
        assertThat(strings(db, "volumes")).containsExactly("crd-audit:/var/lib/postgresql/data");
        assertThat(map(compose, "volumes")).containsKey("crd-audit");
        assertThat(strings(map(db, "healthcheck"), "test"))
                .anySatisfy(t -> assertThat(t).contains("pg_isready"));
    }

    @Test
    void serviceStartsOnlyOnceItsDatabaseAndTheDemoEhrAreHealthyAndTheSeedHasRun() {
        assertThat(map(service("crd"), "depends_on"))
                .isEqualTo(Map.of(
                        "db", Map.of("condition", "service_healthy"),
                        "demo-ehr", Map.of("condition", "service_healthy"),
                        "seed", Map.of("condition", "service_completed_successfully")));
        assertThat(map(service("seed"), "depends_on")).containsKey("hapi");
        services.forEach((name, s) -> {
            if (map(s).get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.forEach((dependency, how) -> {
                    assertThat(services)
                            .as(name + " depends on a defined service")
                            .containsKey((String) dependency);
                    if ("service_healthy".equals(map(how).get("condition"))) {
                        assertThat(service((String) dependency))
                                .as(dependency + " has a health check")
                                .containsKey("healthcheck");
                    }
                });
            }
        });
    }

    @Test
    void seedPostsTheDemoTransactionBundleToTheFhirServerItWaitsFor() {
        Map<String, Object> seed = service("seed");
        String mount = list(seed, "volumes").get(0).toString();
        String script = String.join(" ", strings(seed, "command"));

        assertThat(mount).isEqualTo("./fhir-resources/demo:/seed:ro");
        assertThat(script).contains("http://hapi:8080/fhir/metadata", "-X POST", "http://hapi:8080/fhir");
        String posted = script.replaceAll(".*--data-binary @/seed/(\\S+).*", "$1");
        assertThat(Path.of("fhir-resources/demo", posted)).exists();
    }

    /**
     * The demo reads the IRE policy from its HAPI server, not from the jar: no policy location, one knowledge server
     * (the one the seed publishes to) naming the PlanDefinition the policy folder holds, with reload on.
     */
    @Test
    void serviceReadsTheIrePolicyFromTheDemoFhirServerAndNotFromTheJar() throws IOException {
        Policies policies =
                composeEnvironment().bind("crd.policies", Policies.class).get();
        Map<String, Object> plan = new Yaml()
                .load(Files.readString(
                        Path.of("fhir-resources/ire-nanoknife/PlanDefinition-IreNanoKnifeCoverage.json")));

        assertThat(policies.locations()).isEmpty();
        assertThat(policies.reload()).isTrue();
        assertThat(policies.servers()).hasSize(1);
        KnowledgeServer server = policies.servers().get(0);
        assertThat(server.url()).isEqualTo("http://hapi:8080/fhir");
        assertThat(server.planDefinitions()).containsExactly((String) plan.get("url"));
        assertThat(server.isEitherPlanDefinitionsOrSearch()).isTrue();
        assertThat(strings(service("seed"), "command").get(0))
                .contains("sh /knowledge/seed-policies.sh " + server.url());
    }

    /** A misspelt variable would be ignored by Spring and leave the demo on a default: each one must bind. */
    @Test
    void everyCrdVariableOfTheServiceBindsToASetting() {
        SystemEnvironmentPropertySource variables = new SystemEnvironmentPropertySource(
                "compose-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                map(service("crd"), "environment"));
        Set<ConfigurationPropertyName> bound = new HashSet<>();
        BindHandler recording = new BindHandler() {
            @Override
            public Object onSuccess(
                    ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                bound.add(name);
                return result;
            }
        };
        composeEnvironment().bind("crd", Bindable.of(CrdProperties.class), recording);

        IterableConfigurationPropertySource names =
                (IterableConfigurationPropertySource) ConfigurationPropertySource.from(variables);
        List<ConfigurationPropertyName> crd =
                names.stream().filter(n -> n.toString().startsWith("crd.")).toList();
        assertThat(crd).hasSizeGreaterThan(5);
        assertThat(crd)
                .allSatisfy(name ->
                        assertThat(bound).as(name + " binds to CrdProperties").contains(name));
    }

    /**
     * Every folder the seed publishes exists and is named as the seed script expects (<type>-<id>.json, the id the
     * file holds); the policy folder's CQL goes to the server inside its Library (the script embeds each .cql file).
     */
    @Test
    void seedPublishesEveryFileOfTheIrePolicyAndTheCommonFolderFromFoldersThatExist() throws IOException {
        List<String> mounts = strings(service("seed"), "volumes");
        assertThat(mounts)
                .contains(
                        "./fhir-resources/ire-nanoknife:/policies/ire-nanoknife:ro",
                        "./fhir-resources/crd-common:/policies/crd-common:ro",
                        "./demo/knowledge-server:/knowledge:ro");
        for (String mount : mounts) {
            assertThat(Path.of(mount.split(":")[0])).as(mount).isDirectory();
        }
        assertThat(Path.of("demo/knowledge-server/seed-policies.sh")).isRegularFile();
        for (String mount :
                mounts.stream().filter(m -> m.contains(":/policies/")).toList()) {
            Path folder = Path.of(mount.split(":")[0]);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Map<String, Object> resource = new Yaml().load(Files.readString(file));
                    assertThat(file.getFileName().toString())
                            .as("the seed PUTs " + file + " to <type>/<id>")
                            .isEqualTo(resource.get("resourceType") + "-" + resource.get("id") + ".json");
                }
            }
        }
        assertThat(Path.of("fhir-resources/ire-nanoknife/IreNanoKnifePolicy.cql"))
                .isRegularFile();
        assertThat(Files.readString(Path.of("fhir-resources/ire-nanoknife/Library-IreNanoKnifePolicy.json")))
                .contains("\"url\": \"IreNanoKnifePolicy.cql\"");
    }

    /**
     * The seed script as the seed container runs it, with {@code curl} (the one thing the machine has no server for)
     * replaced by a stand-in that keeps each PUT's URL and body: every file of the policy folder is published to
     * {@code <type>/<id>}, and the Library carries the CQL file byte for byte, as the service needs it to.
     */
    @Test
    void theSeedScriptPutsEveryResourceAndTheLibraryCarriesItsCql(@TempDir Path work) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path out = Files.createDirectories(work.resolve("out"));
        Path curl = bin.resolve("curl");
        Files.writeString(curl, """
                #!/bin/sh
                for a in "$@"; do url="$a"; done
                name=$(echo "$url" | sed 's|.*/fhir/||; s|/|_|g')
                cat > "%s/$name.json"
                """.formatted(out));
        curl.toFile().setExecutable(true);
        Path policies = Files.createDirectories(work.resolve("policies"));
        for (String folder : List.of("ire-nanoknife", "crd-common")) {
            Path copy = Files.createDirectories(policies.resolve(folder));
            try (Stream<Path> files = Files.list(Path.of("fhir-resources", folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
        ProcessBuilder seed = new ProcessBuilder(
                        "sh", "demo/knowledge-server/seed-policies.sh", "http://hapi:8080/fhir")
                .redirectErrorStream(true);
        seed.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        seed.environment().put("POLICIES", policies.toString());
        Process run = seed.start();
        String printed = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as(printed).isZero();

        List<String> published;
        try (Stream<Path> files = Files.list(out)) {
            published = files.map(f -> f.getFileName().toString().replace("_", "-"))
                    .sorted()
                    .toList();
        }
        List<String> expected;
        try (Stream<Path> files = Stream.concat(
                Files.list(Path.of("fhir-resources/ire-nanoknife")),
                Files.list(Path.of("fhir-resources/crd-common")))) {
            expected = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
        }
        assertThat(published).isEqualTo(expected);
        org.hl7.fhir.r4.model.Library library =
                (org.hl7.fhir.r4.model.Library) ca.uhn.fhir.context.FhirContext.forR4Cached()
                        .newJsonParser()
                        .parseResource(Files.readString(out.resolve("Library_IreNanoKnifePolicy.json")));
        assertThat(library.getContent())
                .filteredOn(c -> "text/cql".equals(c.getContentType()))
                .singleElement()
                .satisfies(c -> assertThat(c.getData())
                        .isEqualTo(Files.readAllBytes(Path.of("fhir-resources/ire-nanoknife/IreNanoKnifePolicy.cql"))));
    }

    private static Binder composeEnvironment() {
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                "compose-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                map(service("crd"), "environment"))));
    }

    private static String publishedPort() {
        return strings(service("crd"), "ports").get(0).split(":")[0];
    }

    private static Map<String, Object> service(String name) {
        return map(services, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.get(key));
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(List.class);
        return (List<?>) parent.get(key);
    }

    private static List<String> strings(Map<String, Object> parent, String key) {
        return list(parent, key).stream().map(String::valueOf).toList();
    }

    private static String string(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(String.class);
        return (String) parent.get(key);
    }
}

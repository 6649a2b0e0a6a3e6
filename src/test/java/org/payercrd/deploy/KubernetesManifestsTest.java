package org.payercrd.deploy;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.ReplayStoreKind;
import org.payercrd.RunningService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Kubernetes cluster runs here, so {@code deploy/kubernetes/base} is read as kustomize reads it (and rendered by
 * {@code kubectl kustomize} when kubectl is on the PATH), and checked against the service it deploys: the probes ask
 * endpoints this service answers, every environment name binds to a setting, a cluster shares its replay store in
 * PostgreSQL, and the container writes only where a volume is mounted.
 */
class KubernetesManifestsTest extends RunningService {

    static final Path BASE = Path.of("deploy/kubernetes/base");
    /** The settings a pod gets from a Secret have no value in the manifests: they bind to this stand-in. */
    private static final String FROM_SECRET = "from-secret";

    private static Map<String, Object> kustomization;
    /** Every object of the base by kind (each kind appears once). */
    private static Map<String, Map<String, Object>> objects;

    @Autowired
    private ServletWebServerApplicationContext context;

    @BeforeAll
    static void readTheBase() throws IOException {
        kustomization = Manifests.load(BASE.resolve("kustomization.yaml")).get(0);
        objects = new LinkedHashMap<>();
        for (Object file : Manifests.list(kustomization, "resources")) {
            for (Map<String, Object> object : Manifests.load(BASE.resolve((String) file))) {
                assertThat(objects.put(Manifests.string(object, "kind"), object))
                        .as("one " + object.get("kind"))
                        .isNull();
            }
        }
    }

    @Test
    void kustomizationListsEveryManifestOfTheBase() throws IOException {
        Set<String> files;
        try (Stream<Path> listing = Files.list(BASE)) {
            files = listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.startsWith("kustomization."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(Manifests.list(kustomization, "resources"))
                .map(String::valueOf)
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(objects)
                .containsOnlyKeys(
                        "ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    }

    @Test
    void probesAskTheActuatorPathsThisServiceAnswersUpOnThePortItListensOn() throws IOException {
        Map<String, Object> container = container();
        int served = servedPort();

        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> httpGet = Manifests.map(Manifests.map(container, probe), "httpGet");
            assertThat(containerPort(container, httpGet.get("port")))
                    .as(probe + " port")
                    .isEqualTo(served);
            get(Manifests.string(httpGet, "path")).then().statusCode(200).body("status", equalTo("UP"));
        }
        assertThat(Manifests.string(Manifests.map(Manifests.map(container, "readinessProbe"), "httpGet"), "path"))
                .isEqualTo("/actuator/health/readiness");
        Map<String, Object> servicePort = Manifests.maps(Manifests.map(objects.get("Service"), "spec"), "ports")
                .get(0);
        assertThat(containerPort(container, servicePort.get("targetPort")))
                .as("Service targetPort")
                .isEqualTo(served);
    }

    @Test
    void everyEnvironmentNameBindsToASettingOfTheService() {
        assertThatCode(() -> bindStrictly(podEnvironment())).doesNotThrowAnyException();
    }

    @Test
    void aMisspeltEnvironmentNameIsCaught() {
        assertThatThrownBy(() -> bindStrictly(podEnvironmentWith("CRD_AUTH_REPLAYSTOR")))
                .rootCause()
                .hasMessageContaining("[crd.auth.replaystor]");
        assertThatThrownBy(() -> bindStrictly(podEnvironmentWith("CRD_AUTHREPLAYSTORE")))
                .rootCause()
                .hasMessageContaining("[crd.authreplaystore]");
        assertThatThrownBy(() -> bindStrictly(podEnvironmentWith("CDR_AUTH_REPLAYSTORE")))
                .hasMessageContaining("bind to no setting")
                .hasMessageContaining("cdr.auth.replaystore");
    }

    private static Map<String, Object> podEnvironmentWith(String name) {
        Map<String, Object> environment = new LinkedHashMap<>(podEnvironment());
        environment.put(name, "database");
        return environment;
    }

    @Test
    void replicasAuditToPostgresAndShareTheirReplayStore() {
        Binder pod = binder(podEnvironment());

        assertThat(pod.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://");
        assertThat(pod.bind("crd.auth", CrdProperties.Auth.class).get().replayStore())
                .isEqualTo(ReplayStoreKind.DATABASE);
        assertThat(pod.bind("crd.auth.required", Boolean.class).get()).isTrue();
    }

    @Test
    void moreThanOneReplicaAlwaysRunsAndADisruptionLeavesOneUp() {
        int replicas = (Integer) deploymentSpec().get("replicas");
        Map<String, Object> hpa = Manifests.map(objects.get("HorizontalPodAutoscaler"), "spec");
        int minAvailable = (Integer)
                Manifests.map(objects.get("PodDisruptionBudget"), "spec").get("minAvailable");

        assertThat(replicas).isGreaterThanOrEqualTo(2);
        assertThat((Integer) hpa.get("minReplicas")).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo((Integer)
                hpa.get("maxReplicas"));
        assertThat(Manifests.string(Manifests.map(hpa, "scaleTargetRef"), "name"))
                .isEqualTo(Manifests.string(Manifests.map(objects.get("Deployment"), "metadata"), "name"));
        assertThat(minAvailable).isBetween(1, replicas - 1);
    }

    @Test
    void databaseCredentialsComeFromASecretNeverFromTheConfigMap() {
        Map<String, Object> configMap = Manifests.map(objects.get("ConfigMap"), "data");
        Binder fromConfigMap = binder(configMap);

        assertThat(fromConfigMap
                        .bind("spring.datasource.username", String.class)
                        .isBound())
                .isFalse();
        assertThat(fromConfigMap
                        .bind("spring.datasource.password", String.class)
                        .isBound())
                .isFalse();
        assertThat(configMap.keySet()).noneMatch(k -> k.matches("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE).*"));
        Map<String, Map<String, Object>> env = Manifests.maps(container(), "env").stream()
                .collect(Collectors.toMap(e -> Manifests.string(e, "name"), e -> e));
        for (String name : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
            assertThat(env.get(name)).as(name).doesNotContainKey("value");
            assertThat(Manifests.map(Manifests.map(env.get(name), "valueFrom"), "secretKeyRef"))
                    .containsKeys("name", "key");
        }
    }

    @Test
    void imageIsTheOneDockerComposeBuildsFromTheDockerfile() throws IOException {
        Map<String, Object> compose =
                Manifests.load(Path.of("docker-compose.yml")).get(0);
        Map<String, Object> crd = Manifests.map(Manifests.map(compose, "services"), "crd");
        String composeImage = Manifests.string(crd, "image");
        String name = composeImage.substring(0, composeImage.lastIndexOf(':'));

        assertThat(Manifests.string(Manifests.map(crd, "build"), "dockerfile")).isEqualTo("Dockerfile");
        assertThat(Manifests.string(container(), "image")).isEqualTo(composeImage);
        assertThat(Manifests.maps(kustomization, "images"))
                .singleElement()
                .satisfies(image -> assertThat(image).containsEntry("name", name));
    }

    @Test
    void runsAsTheDockerfilesUnprivilegedUserOnAReadOnlyRootFilesystem() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher uid = Pattern.compile("useradd [^\\n]*--uid (\\d+)[^\\n]* (\\w+)\\s*(\\\\|\\n)")
                .matcher(dockerfile);
        assertThat(uid.find()).as("the Dockerfile's useradd").isTrue();
        Map<String, Object> pod = Manifests.map(podSpec(), "securityContext");
        Map<String, Object> container = Manifests.map(container(), "securityContext");

        assertThat(dockerfile).contains("USER " + uid.group(2));
        assertThat(pod).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", Integer.valueOf(uid.group(1)));
        assertThat(container)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(Manifests.list(Manifests.map(container, "capabilities"), "drop"))
                .map(String::valueOf)
                .containsExactly("ALL");
    }

    /**
     * What the service writes at run time, with PostgreSQL: the JVM's temporary directory (its perf data
     * {@code hsperfdata_<user>}, and Tomcat's base directory, which Spring Boot creates there), nothing else. The
     * H2 file under {@code ./data} is the single-node default and unused here; logs go to standard output.
     */
    @Test
    void everyDirectoryTheServiceWritesIsAnEmptyDirVolume() throws IOException {
        Path tmpdir = Path.of(jvmOption("java.io.tmpdir").orElse("/tmp"));
        File tomcatBase = ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getServer()
                .getCatalinaBase();
        Set<String> emptyDirs = Manifests.maps(podSpec(), "volumes").stream()
                .filter(v -> v.containsKey("emptyDir"))
                .map(v -> Manifests.string(v, "name"))
                .collect(Collectors.toSet());
        Set<Path> writable = Manifests.maps(container(), "volumeMounts").stream()
                .filter(m -> emptyDirs.contains(Manifests.string(m, "name")) && !Boolean.TRUE.equals(m.get("readOnly")))
                .map(m -> Path.of(Manifests.string(m, "mountPath")))
                .collect(Collectors.toSet());
        Binder pod = binder(podEnvironment());

        assertThat(tomcatBase.toPath().toAbsolutePath())
                .as("Tomcat writes under java.io.tmpdir")
                .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(pod.bind("server.tomcat.basedir", String.class).isBound()).isFalse();
        assertThat(pod.bind("logging.file.name", String.class).isBound()).isFalse();
        assertThat(pod.bind("spring.datasource.url", String.class).get()).doesNotStartWith("jdbc:h2:");
        assertThat(writable).contains(tmpdir);
    }

    @Test
    void requestsAndLimitsAreSetForCpuAndMemory() {
        Map<String, Object> resources = Manifests.map(container(), "resources");
        for (String bound : List.of("requests", "limits")) {
            assertThat(Manifests.map(resources, bound)).as(bound).containsKeys("cpu", "memory");
        }
    }

    /**
     * The JVM's memory, as the image's ENTRYPOINT sets it, fits the pod's limit: the heap has room over the live
     * heap docs/benchmarks.md measured, and the heap plus the capped non-heap areas plus what has no cap (GC
     * structures, symbols, the CDS archive, thread stacks: about 160 MiB, measured with NativeMemoryTracking, see the
     * Dockerfile) stay under the limit, so the kernel never kills a pod the JVM thinks has memory left.
     */
    @Test
    void jvmMemoryFitsTheLimitWithTheHeapSizedFromTheBenchmarksLiveHeap() throws IOException {
        long uncapped = 160L << 20;
        Map<String, Object> resources = Manifests.map(container(), "resources");
        long limit = kubernetesBytes(Manifests.map(resources, "limits").get("memory"));
        Matcher live = Pattern.compile("\\*\\*(\\d+) to (\\d+) MB live\\*\\*")
                .matcher(Files.readString(Path.of("docs/benchmarks.md")));
        assertThat(live.find()).as("docs/benchmarks.md gives the live heap").isTrue();
        long heap = (long) (limit * Double.parseDouble(jvmFlag("MaxRAMPercentage")) / 100);

        assertThat(kubernetesBytes(Manifests.map(resources, "requests").get("memory")))
                .isEqualTo(limit);
        assertThat(heap).as("heap").isGreaterThanOrEqualTo(5 * Long.parseLong(live.group(2)) * 1_000_000 / 2);
        assertThat(heap
                        + jvmBytes(jvmFlag("MaxMetaspaceSize"))
                        + jvmBytes(jvmFlag("ReservedCodeCacheSize"))
                        + jvmBytes(jvmFlag("MaxDirectMemorySize"))
                        + uncapped)
                .as("JVM memory")
                .isLessThanOrEqualTo(limit);
    }

    @Test
    void kubectlRendersTheBaseIntoTheSameObjectsLabelledForTheService() throws Exception {
        Assumptions.assumeTrue(Manifests.onPath("kubectl"), "kubectl is not on the PATH (.ci/run installs Debian's)");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", BASE.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize exit code").isZero();
        List<Map<String, Object>> renderedObjects = Manifests.loadAll(rendered);

        assertThat(renderedObjects)
                .extracting(o -> o.get("kind"))
                .containsExactlyInAnyOrderElementsOf(objects.keySet());
        assertThat(renderedObjects)
                .allSatisfy(o -> assertThat(Manifests.map(Manifests.map(o, "metadata"), "labels"))
                        .containsEntry("app.kubernetes.io/name", "crd-service"));
        Map<String, Object> deployment = renderedObjects.stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> template = Manifests.map(Manifests.map(deployment, "spec"), "template");
        assertThat(Manifests.string(
                        Manifests.maps(Manifests.map(template, "spec"), "containers")
                                .get(0),
                        "image"))
                .isEqualTo(Manifests.string(container(), "image"));
    }

    /** The environment of the container as Kubernetes builds it: the ConfigMap's entries, then {@code env}. */
    private static Map<String, Object> podEnvironment() {
        Map<String, Object> environment = new LinkedHashMap<>();
        for (Map<String, Object> from : Manifests.maps(container(), "envFrom")) {
            String name = Manifests.string(Manifests.map(from, "configMapRef"), "name");
            assertThat(Manifests.string(Manifests.map(objects.get("ConfigMap"), "metadata"), "name"))
                    .isEqualTo(name);
            environment.putAll(Manifests.map(objects.get("ConfigMap"), "data"));
        }
        for (Map<String, Object> variable : Manifests.maps(container(), "env")) {
            environment.put(
                    Manifests.string(variable, "name"),
                    variable.containsKey("value") ? variable.get("value") : FROM_SECRET);
        }
        return environment;
    }

    /**
     * Binds every name to the setting it is meant for, as the service would, and fails on a name that reaches
     * none: Spring ignores an unknown environment variable, so a misspelt one would silently leave the default.
     */
    private static void bindStrictly(Map<String, Object> environment) {
        ConfigurationPropertySource source = source(environment);
        ConfigurationPropertyName crd = ConfigurationPropertyName.of("crd");
        ConfigurationPropertyName datasource = ConfigurationPropertyName.of("spring.datasource");
        List<String> stray = new ArrayList<>();
        for (ConfigurationPropertyName name : (IterableConfigurationPropertySource) source) {
            if (!crd.isAncestorOf(name) && !datasource.isAncestorOf(name)) {
                stray.add(name.toString());
            }
        }
        assertThat(stray).as("environment names that bind to no setting").isEmpty();
        Binder binder = new Binder(source);
        BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        binder.bind("crd", Bindable.of(CrdProperties.class), strict);
        binder.bind("spring.datasource", Bindable.of(DataSourceProperties.class), strict);
    }

    private static Binder binder(Map<String, Object> environment) {
        return new Binder(source(environment));
    }

    private static ConfigurationPropertySource source(Map<String, Object> environment) {
        PropertySource<?> env = new SystemEnvironmentPropertySource(
                "pod-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
        return ConfigurationPropertySources.from(env).iterator().next();
    }

    /** The port the service listens on in the pod: {@code server.port} from the pod's environment or application.yml. */
    private static int servedPort() throws IOException {
        List<PropertySource<?>> yaml =
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        sources.add(source(podEnvironment()));
        yaml.forEach(s -> ConfigurationPropertySources.from(s).forEach(sources::add));
        return new Binder(sources).bind("server.port", Integer.class).get();
    }

    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return Manifests.maps(container, "ports").stream()
                .filter(p -> port.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    /** A {@code -D} option the JVM gets in the pod, from the image's ENTRYPOINT or JAVA_TOOL_OPTIONS. */
    private static java.util.Optional<String> jvmOption(String property) throws IOException {
        String options =
                Files.readString(Path.of("Dockerfile")) + " " + podEnvironment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        Matcher m = Pattern.compile("-D" + Pattern.quote(property) + "=([^\\s\",]+)")
                .matcher(options);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /** An {@code -XX:Name=value} flag the JVM gets in the pod: JAVA_TOOL_OPTIONS wins over the ENTRYPOINT. */
    private static String jvmFlag(String name) throws IOException {
        Pattern flag = Pattern.compile("-XX:" + name + "=([^\\s\",]+)");
        for (String options : List.of(
                String.valueOf(podEnvironment().getOrDefault("JAVA_TOOL_OPTIONS", "")),
                Files.readString(Path.of("Dockerfile")).replaceAll("(?s).*\\nENTRYPOINT ", ""))) {
            Matcher m = flag.matcher(options);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("the JVM gets no -XX:" + name);
    }

    private static long jvmBytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(size);
        assertThat(m.matches()).as(size).isTrue();
        int shift = switch (m.group(2).toLowerCase()) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static long kubernetesBytes(Object quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?").matcher(String.valueOf(quantity));
        assertThat(m.matches()).as("memory quantity " + quantity).isTrue();
        long unit = m.group(2) == null
                ? 1
                : switch (m.group(2)) {
                    case "Ki" -> 1L << 10;
                    case "Mi" -> 1L << 20;
                    case "Gi" -> 1L << 30;
                    case "k" -> 1_000L;
                    case "M" -> 1_000_000L;
                    default -> 1_000_000_000L;
                };
        return Long.parseLong(m.group(1)) * unit;
    }

    static Map<String, Object> deploymentSpec() {
        return Manifests.map(objects.get("Deployment"), "spec");
    }

    private static Map<String, Object> podSpec() {
        return Manifests.map(Manifests.map(deploymentSpec(), "template"), "spec");
    }

    static Map<String, Object> container() {
        return Manifests.maps(podSpec(), "containers").get(0);
    }

    /** Reading YAML manifests as plain maps and lists, failing with the key's name when a value has another shape. */
    static final class Manifests {

        static List<Map<String, Object>> load(Path file) throws IOException {
            try (Reader in = Files.newBufferedReader(file)) {
                return loadAll(in);
            }
        }

        static List<Map<String, Object>> loadAll(Object yaml) {
            Iterable<Object> documents =
                    yaml instanceof Reader reader ? new Yaml().loadAll(reader) : new Yaml().loadAll((String) yaml);
            List<Map<String, Object>> all = new ArrayList<>();
            documents.forEach(d -> {
                if (d != null) {
                    all.add(map(d));
                }
            });
            return all;
        }

        static boolean onPath(String command) {
            return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            assertThat(value).isInstanceOf(Map.class);
            return (Map<String, Object>) value;
        }

        static Map<String, Object> map(Map<String, Object> parent, String key) {
            assertThat(parent.get(key)).as(key).isInstanceOf(Map.class);
            return map(parent.get(key));
        }

        static List<?> list(Map<String, Object> parent, String key) {
            assertThat(parent.get(key)).as(key).isInstanceOf(List.class);
            return (List<?>) parent.get(key);
        }

        static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
            return list(parent, key).stream().map(Manifests::map).toList();
        }

        static String string(Map<String, Object> parent, String key) {
            assertThat(parent.get(key)).as(key).isInstanceOf(String.class);
            return (String) parent.get(key);
        }
    }
}

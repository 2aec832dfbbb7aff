package org.ketaminefhir.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is kept honest by reading it: the server it starts reads every
 * variable it is given, the image is built from files that exist, and PostgreSQL 16 runs with a named volume and a
 * health check the server waits for.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static Map<String, Object> compose;
    private static ServerSettings settings;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        settings = ServerSettings.load(ROOT.resolve("src/main/resources"));
    }

    @Test
    void everyVariableGivenToTheServerIsOneItReads() throws Exception {
        List<String> variables = new ArrayList<>(environment(service("fhir")).keySet());
        variables.addAll(dockerfileEnv().keySet());

        assertThat(variables).contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD", "KETAMINE_DATA_DIR");
        assertThat(settings.unreadVariables(variables)).isEmpty();
    }

    @Test
    void theSettingsCheckCatchesAVariableNobodyReads() {
        assertThat(settings.knowsProperty("hapi.fhir.default-page-size")).isTrue();
        assertThat(settings.unreadVariables(List.of("HAPI_FHIR_DEFAULT_PAGE_SIZE", "SPRING_DATASOURCE_URL")))
                .isEmpty();
        assertThat(settings.unreadVariables(List.of("HAPI_FHIR_NO_SUCH_SETTING", "DATABASE_URL")))
                .containsExactly("HAPI_FHIR_NO_SUCH_SETTING", "DATABASE_URL");
    }

    @Test
    void theServerImageIsBuiltFromThisRepository() throws Exception {
        Object build = service("fhir").get("build");
        String context = build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : String.valueOf(build);
        String dockerfile = build instanceof Map<?, ?> map && map.get("dockerfile") != null
                ? String.valueOf(map.get("dockerfile"))
                : "Dockerfile";
        Path contextDir = ROOT.resolve(context).normalize();
        Path dockerfilePath = contextDir.resolve(dockerfile);
        assertThat(dockerfilePath).exists();

        List<String> lines = Files.readAllLines(dockerfilePath);
        Pattern copy = Pattern.compile("^COPY\\s+(--from=\\S+\\s+)?(.+)$");
        boolean copiesJar = false;
        for (String line : lines) {
            Matcher m = copy.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String[] parts = m.group(2).trim().split("\\s+");
            if (m.group(1) == null) {
                for (int i = 0; i < parts.length - 1; i++) {
                    assertThat(contextDir.resolve(parts[i]))
                            .as("COPY source in " + line)
                            .exists();
                }
            } else if (parts[0].endsWith("/target/server")) {
                // the production layout scripts/aot-cache makes in the package phase
                copiesJar = true;
            }
        }
        assertThat(copiesJar)
                .as("the runtime stage copies the built server (target/server)")
                .isTrue();
    }

    @Test
    void postgres16WithANamedVolumeAndHealthChecksTheServerWaitsFor() {
        Map<String, Object> postgres = service("postgres");
        Map<String, Object> fhir = service("fhir");

        assertThat(String.valueOf(postgres.get("image"))).startsWith("postgres:16");
        assertThat(postgres).containsKey("healthcheck");
        assertThat(fhir).containsKey("healthcheck");
        @SuppressWarnings("unchecked")
        Map<String, Object> dependsOn = (Map<String, Object>) fhir.get("depends_on");
        assertThat(dependsOn.get("postgres")).isEqualTo(Map.of("condition", "service_healthy"));

        @SuppressWarnings("unchecked")
        Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
        @SuppressWarnings("unchecked")
        List<String> mounts = (List<String>) postgres.get("volumes");
        assertThat(mounts).anySatisfy(mount -> {
            String volume = mount.substring(0, mount.indexOf(':'));
            assertThat(volumes).containsKey(volume);
            assertThat(mount).endsWith(":/var/lib/postgresql/data");
        });

        Map<String, String> db = environment(postgres);
        Map<String, String> server = environment(fhir);
        assertThat(server.get("SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + db.get("POSTGRES_DB"));
        assertThat(server.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(db.get("POSTGRES_USER"));
        assertThat(server.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(db.get("POSTGRES_PASSWORD"));
    }

    /** Compose refuses to start without a database password (`${VAR:?message}`): no default secret to forget. */
    @Test
    void noSecretHasADefaultAndTheImageRunsAsAnOrdinaryUser() throws Exception {
        for (String name : List.of("postgres", "fhir")) {
            environment(service(name)).forEach((variable, value) -> {
                if (variable.contains("PASSWORD") || variable.contains("SECRET")) {
                    assertThat(value).as(name + " " + variable).matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
            });
        }
        List<String> dockerfile = java.nio.file.Files.readAllLines(java.nio.file.Path.of("Dockerfile"));
        String lastUser = dockerfile.stream()
                .filter(line -> line.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElse("USER root");
        assertThat(lastUser).isNotIn("USER root", "USER 0");
    }

    /**
     * The image runs with the JVM settings of the production run (pom.xml's server.jvm.options, which scripts/serve
     * and `mvn spring-boot:run` use), except that its heap is a share of the container's memory; with compose's memory
     * limit that share is the same heap. Its AOT cache is trained with the same flags as it runs with.
     */
    @Test
    void theContainerRunsWithTheProductionJvmSettingsAndTheSameHeap() throws Exception {
        List<String> run = List.of(serverJvmOptions().split("\\s+"));
        List<String> image = entrypointJvmOptions();
        long heapMb = megabytes(single(run, "-Xmx"));
        int percent = Integer.parseInt(single(image, "-XX:MaxRAMPercentage=").replace(".0", ""));
        List<String> imageFlags = image.stream()
                .filter(o -> !o.startsWith("-XX:MaxRAMPercentage=") && !o.startsWith("-XX:AOTCache="))
                .toList();

        assertThat(imageFlags)
                .as("the image's flags besides the heap share and the AOT cache")
                .containsExactlyElementsOf(
                        run.stream().filter(o -> !o.startsWith("-Xmx")).toList());
        assertThat(single(image, "-XX:AOTCache="))
                .as("the image runs with the AOT cache it trains")
                .isEqualTo("/app/server/" + finalName() + ".aot");
        String training = Files.readString(ROOT.resolve("Dockerfile"))
                .replace("\\\n", " ")
                .lines()
                .filter(line -> line.contains("-XX:AOTCacheOutput="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile trains no AOT cache"));
        assertThat(List.of(training.trim().split("\\s+")))
                .as("the AOT cache is trained with the flags it runs with")
                .containsAll(image.stream()
                        .filter(o -> !o.startsWith("-XX:AOTCache="))
                        .toList());
        assertThat(jvmArgumentsElement())
                .as("mvn spring-boot:run uses the same options")
                .isEqualTo("${server.jvm.options}");
        assertThat(Files.readString(ROOT.resolve("README.md")))
                .as("the README's production run")
                .contains("mvn -DskipTests package && scripts/serve");
        Object limit = service("fhir").get("mem_limit");
        assertThat(limit)
                .as("docker-compose.yml gives the server a memory limit")
                .isNotNull();
        assertThat(megabytes(String.valueOf(limit)) * percent / 100)
                .as("heap in the container (MB)")
                .isEqualTo(heapMb);
    }

    private static org.w3c.dom.Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile());
    }

    private static String jvmArgumentsElement() throws Exception {
        return pom().getElementsByTagName("jvmArguments")
                .item(0)
                .getTextContent()
                .trim();
    }

    private static String serverJvmOptions() throws Exception {
        return pom().getElementsByTagName("server.jvm.options")
                .item(0)
                .getTextContent()
                .trim();
    }

    /** The JVM options of the Dockerfile's ENTRYPOINT (exec form), between "java" and "-jar". */
    private static List<String> entrypointJvmOptions() throws Exception {
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            if (line.trim().startsWith("ENTRYPOINT")) {
                List<String> words = new ArrayList<>();
                Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(line);
                while (m.find()) {
                    words.add(m.group(1));
                }
                return words.subList(words.indexOf("java") + 1, words.indexOf("-jar"));
            }
        }
        throw new AssertionError("the Dockerfile has no ENTRYPOINT");
    }

    private static String single(List<String> options, String prefix) {
        List<String> found = options.stream().filter(o -> o.startsWith(prefix)).toList();
        assertThat(found).as(prefix).hasSize(1);
        return found.get(0).substring(prefix.length());
    }

    /** 512m, 1g, 1024M, 1G as megabytes. */
    private static long megabytes(String size) {
        String s = size.trim().toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(s.replaceAll("[^0-9]", ""));
        return s.endsWith("g") ? n * 1024 : s.endsWith("k") ? n / 1024 : n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    /** A service's environment, in either of compose's forms (map, or list of NAME=value). */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String[] kv = String.valueOf(item).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    private static Map<String, String> dockerfileEnv() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            Matcher m = Pattern.compile("^ENV\\s+([A-Za-z_][A-Za-z0-9_]*)[=\\s](.*)$")
                    .matcher(line.trim());
            if (m.matches()) {
                env.put(m.group(1), m.group(2));
            }
        }
        return env;
    }

    private static String finalName() throws Exception {
        var pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile());
        return pom.getElementsByTagName("finalName").item(0).getTextContent().trim();
    }
}

package org.ketaminefhir.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.server.deploy.ServerSettings;
import org.ketaminefhir.server.docs.MarkdownPage.CodeBlock;
import org.ketaminefhir.server.docs.MarkdownPage.Kind;
import org.ketaminefhir.server.fhir.RequestPath;
import org.yaml.snakeyaml.Yaml;

/**
 * The README and the pages under docs/ say what is true: the README fits on a screen or two, every link and every
 * repository path they name exists, the configuration reference names only settings the server reads, the architecture
 * page shows every package layer and every step of the request path, and every code block parses and is either run
 * here, against a real server on PostgreSQL, or says why it is not ({@code <!-- run -->}, {@code <!-- not run: why -->},
 * {@code <!-- output -->} on the line before it; see docs/testing.md).
 */
class DocsTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final int README_MAX_LINES = 250;

    /** The address the examples are written against; the runnable blocks get the test server's instead. */
    static final String EXAMPLE_ORIGIN = "http://localhost:8080";

    /** What in backticks names a file of this repository (a command's first word included). */
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("^(scripts/|src/|ig/|docs/|\\.ci/|pom\\.xml$|Dockerfile$|docker-compose\\.yml$).*");

    /** A shell comment that promises an HTTP status: {@code # 401: no token}, {@code # HTTP/1.1 202}. */
    private static final Pattern PROMISED_STATUS =
            Pattern.compile("(?:^|\\s)#\\s*(?:HTTP/1\\.1\\s+)?([1-5]\\d\\d)\\b", Pattern.MULTILINE);

    /** JSON as a FHIR server parses it: one value, no duplicate keys. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Test
    void theReadmeFitsOnAScreenOrTwo() throws IOException {
        assertThat(MarkdownPage.read(ROOT.resolve("README.md")).lineCount()).isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        MarkdownPage readme = MarkdownPage.read(ROOT.resolve("README.md"));
        List<String> targets =
                readme.links().stream().map(MarkdownPage.Link::target).toList();
        for (MarkdownPage page : docsPages()) {
            assertThat(targets)
                    .as("README links " + page.file().getFileName())
                    .contains("docs/" + page.file().getFileName());
        }
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            broken.addAll(brokenLinks(page));
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyRepositoryPathNamedExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            missing.addAll(missingPaths(page, ROOT));
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyCodeBlockParsesAndIsRunOrSaysWhyNot() throws Exception {
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (MarkdownPage page : pages()) {
            problems.addAll(blockProblems(page));
            blocks += page.blocks().size();
        }
        assertThat(problems).isEmpty();
        assertThat(blocks).as("code blocks found").isGreaterThan(20);
    }

    @Test
    void everyConfigurationKeyIsOneTheServerReadsAndEveryVariableSetsIt() throws Exception {
        ServerSettings settings = ServerSettings.load(ROOT.resolve("src/main/resources"));
        List<String[]> rows = configurationTable(MarkdownPage.read(ROOT.resolve("docs/configuration.md")));
        assertThat(rows).as("rows of the configuration reference").hasSizeGreaterThan(50);
        List<String> problems = new ArrayList<>();
        for (String[] row : rows) {
            String variable = row[0];
            String key = row[1];
            if (!key.matches("[a-z][a-z0-9.\\-\\[\\]]*")) {
                problems.add(key + ": not a whole key");
                continue;
            }
            // A key under a map (logging.level.root) is known when the map is.
            if (!settings.knowsProperty(key)
                    && !settings.knowsProperty(key.substring(0, Math.max(0, key.lastIndexOf('.'))))) {
                problems.add(key + ": not a setting the server reads");
            }
            if (variable.equals("(YAML)")) {
                continue;
            }
            if (!variable.matches("[A-Z][A-Z0-9_]*")) {
                problems.add(variable + ": not a whole environment variable");
            } else if (!ServerSettings.variableSets(variable, key)) {
                problems.add(variable + " does not set " + key);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theArchitectureShowsEveryLayerInOrder() throws Exception {
        List<String> topFirst = new ArrayList<>(layers().stream()
                .map(layer -> layer.isEmpty() ? "(root)" : layer)
                .toList());
        java.util.Collections.reverse(topFirst);
        assertThat(layersPicture(MarkdownPage.read(ROOT.resolve("docs/architecture.md"))))
                .isEqualTo(topFirst);
    }

    @Test
    void theArchitectureListsTheRequestPathInOrder() throws IOException {
        List<String> items =
                MarkdownPage.read(ROOT.resolve("docs/architecture.md")).numberedItems();
        assertThat(requestPathProblems(items, RequestPath.STEPS)).isEmpty();
    }

    // ---- The checks can fail ----

    @Test
    void theChecksFindAnUnmarkedBlockABrokenLinkAMissingPathAndABadBlock(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Its part\n");
        MarkdownPage page = MarkdownPage.of(dir.resolve("page.md"), """
				# A page

				## A part (`$with` code)

				[fine](#a-part-with-code), [fine](other.md#its-part), [fine](https://example.org/none),
				[gone](#no-such-part), [gone](other.md#no-such-part), [gone](missing.md).
				It names `scripts/test --with-arguments`, `pom.xml` and `scripts/no-such-script`.

				```bash
				echo an unmarked block
				```

				<!-- not run: starts something -->
				```bash
				echo a block that says why
				```

				<!-- not run -->
				```text
				a block that does not say why
				```

				```json
				{"resourceType": "Patient",
				```

				```yaml
				key: [unclosed
				```

				<!-- output -->
				```bash
				if then fi
				```

				<!-- run; the output shows:
				  "resourceType":"Bundle"
				-->
				```bash
				curl -i http://localhost:8080/fhir/Patient   # 401: no token
				```
				""");

        assertThat(brokenLinks(page))
                .containsExactly(
                        "page.md:6: #no-such-part", "page.md:6: other.md#no-such-part", "page.md:6: missing.md");
        assertThat(missingPaths(page, ROOT)).containsExactly("page.md:7: scripts/no-such-script");
        List<String> problems = blockProblems(page);
        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).startsWith("page.md:9: a bash block with no <!-- run -->");
        assertThat(problems.get(1)).startsWith("page.md:19: a text block with no <!-- run -->");
        assertThat(problems.get(2)).startsWith("page.md:23: JSON does not parse");
        assertThat(problems.get(3)).startsWith("page.md:27: YAML does not parse");
        assertThat(problems.get(4)).startsWith("page.md:32: bash -n:");
        assertThat(problems.get(5))
                .isEqualTo("page.md:39: its comments promise HTTP 401, which its <!-- run --> does not expect");
    }

    @Test
    void aRunnableBlockFailsOnAnErrorOrAnOutputItDoesNotShow(@TempDir Path dir) throws Exception {
        MarkdownPage page = MarkdownPage.of(dir.resolve("page.md"), """
				<!-- run; the output shows, in order:
				  first
				  "status" : "UP"
				-->
				```bash
				echo '{"status":"UP"} first'
				```

				<!-- run -->
				```bash
				echo "$SERVER/fhir"
				false
				echo never
				```
				""");
        List<String> disorder = run(page.blocks().get(0), dir, "http://localhost:1");
        assertThat(disorder)
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("does not show, after what came before: \"status\" : \"UP\"");
        assertThat(run(page.blocks().get(1), dir, "http://localhost:1"))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("exit 1")
                .contains("http://localhost:1/fhir")
                .doesNotContain("never");
    }

    @Test
    void headingsHaveGitHubsAnchors() {
        Map<String, String> anchors = Map.of(
                "Bulk Data export (`$export`)",
                "bulk-data-export-export",
                "One patient's whole record (`$everything`)",
                "one-patients-whole-record-everything",
                "Soak: 30 minutes of mixed clinic load (`scripts/bench --soak 30`)",
                "soak-30-minutes-of-mixed-clinic-load-scriptsbench---soak-30",
                "CDS Hooks: a ketamine order check in the prescriber's EHR (`/cds-services`)",
                "cds-hooks-a-ketamine-order-check-in-the-prescribers-ehr-cds-services",
                "The [demo clinic](security.md) and SpO₂",
                "the-demo-clinic-and-spo₂");
        anchors.forEach((heading, anchor) ->
                assertThat(MarkdownPage.slug(heading)).as(heading).isEqualTo(anchor));
        MarkdownPage twice = MarkdownPage.of(ROOT.resolve("x.md"), "# Set-up\n\n## Set-up\n");
        assertThat(twice.anchors()).containsExactly("set-up", "set-up-1");
    }

    @Test
    void theRequestPathCheckFindsAStepOutOfOrderOrMissing() {
        List<RequestPath.Step> steps = List.of(
                new RequestPath.Step(RequestPath.Kind.FILTER, 1, List.of("FirstFilter")),
                new RequestPath.Step(RequestPath.Kind.HOOKS, -10, List.of("Early")),
                new RequestPath.Step(RequestPath.Kind.HOOKS, 10, List.of("Late")));
        assertThat(requestPathProblems(List.of("`FirstFilter` ...", "order -10, `Early`", "order 10, `Late`"), steps))
                .isEmpty();
        assertThat(requestPathProblems(List.of("`FirstFilter` ...", "order 10, `Late`", "order -10, `Early`"), steps))
                .containsExactly("Late (order 10) is listed before the step ahead of it");
        assertThat(requestPathProblems(List.of("order -10, `Early`", "order 11, `Late`"), steps))
                .containsExactly(
                        "FirstFilter is not in a numbered item",
                        "Late (order 10) is not in a numbered item with its order");
    }

    // ---- The checks ----

    /** README.md and every page under docs/. */
    static List<MarkdownPage> pages() throws IOException {
        List<MarkdownPage> pages = new ArrayList<>();
        pages.add(MarkdownPage.read(ROOT.resolve("README.md")));
        pages.addAll(docsPages());
        return pages;
    }

    static List<MarkdownPage> docsPages() throws IOException {
        List<MarkdownPage> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                pages.add(MarkdownPage.read(file));
            }
        }
        return pages;
    }

    /** Links to files that do not exist, or to headings their page does not have ("file:line: target"). */
    static List<String> brokenLinks(MarkdownPage page) throws IOException {
        List<String> broken = new ArrayList<>();
        for (MarkdownPage.Link link : page.links()) {
            String target = link.target();
            if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                continue;
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? "" : target.substring(hash + 1);
            Path file = path.isEmpty()
                    ? page.file()
                    : page.file().getParent().resolve(path).normalize();
            boolean ok = path.isEmpty() || Files.exists(file);
            if (ok && !anchor.isEmpty() && file.toString().endsWith(".md")) {
                Set<String> anchors = file.equals(page.file())
                        ? page.anchors()
                        : MarkdownPage.read(file).anchors();
                ok = anchors.contains(anchor);
            }
            if (!ok) {
                broken.add(page.file().getFileName() + ":" + link.line() + ": " + target);
            }
        }
        return broken;
    }

    /** Repository paths named in backticks (a command's first word) that do not exist under {@code root}. */
    static List<String> missingPaths(MarkdownPage page, Path root) {
        List<String> missing = new ArrayList<>();
        for (MarkdownPage.Code code : page.code()) {
            String first = code.text().trim().split("\\s+")[0];
            if (REPOSITORY_PATH.matcher(first).matches() && !Files.exists(root.resolve(first))) {
                missing.add(page.file().getFileName() + ":" + code.line() + ": " + first);
            }
        }
        return missing;
    }

    /**
     * What is wrong with a page's code blocks: a shell or other block marked neither run, not run (with why) nor output;
     * JSON or YAML that does not parse; shell that {@code bash -n} refuses; a runnable block that is not shell, or whose
     * comments promise an HTTP status its expected output does not hold. JSON and YAML blocks are run by parsing them.
     */
    static List<String> blockProblems(MarkdownPage page) throws Exception {
        List<String> problems = new ArrayList<>();
        for (CodeBlock block : page.blocks()) {
            String at = page.file().getFileName() + ":" + block.line() + ": ";
            boolean shell = block.language().equals("bash") || block.language().equals("sh");
            switch (block.language()) {
                case "json" -> {
                    try {
                        STRICT_JSON.readTree(block.text());
                    } catch (IOException e) {
                        problems.add(at + "JSON does not parse: "
                                + e.getMessage().lines().findFirst().orElse(""));
                    }
                }
                case "yaml", "yml" -> {
                    try {
                        new Yaml().loadAll(block.text()).forEach(document -> {});
                    } catch (RuntimeException e) {
                        problems.add(at + "YAML does not parse: "
                                + e.getMessage().lines().findFirst().orElse(""));
                    }
                }
                default -> {
                    if (block.kind() == Kind.NONE) {
                        problems.add(at + "a " + (block.language().isEmpty() ? "plain" : block.language())
                                + " block with no <!-- run -->, <!-- not run: why --> or <!-- output --> before it");
                    }
                }
            }
            if (shell) {
                String syntax = bashSyntax(block.text());
                if (!syntax.isEmpty()) {
                    problems.add(at + "bash -n: " + syntax);
                }
            }
            if (block.kind() == Kind.RUN && !shell) {
                problems.add(at + "only bash blocks run, not " + block.language());
            }
            if (block.kind() == Kind.RUN) {
                Matcher promise = PROMISED_STATUS.matcher(block.text());
                while (promise.find()) {
                    String status = "HTTP/1.1 " + promise.group(1);
                    if (block.expected().stream()
                            .noneMatch(expected -> squeeze(expected).equals(squeeze(status)))) {
                        problems.add(at + "its comments promise HTTP " + promise.group(1)
                                + ", which its <!-- run --> does not expect");
                    }
                }
            }
        }
        return problems;
    }

    private static String bashSyntax(String script) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.waitFor() == 0 ? "" : output.isEmpty() ? "exit " + process.exitValue() : output;
    }

    /**
     * Runs a block with bash in {@code dir} ({@code set -eo pipefail}, {@value #EXAMPLE_ORIGIN} replaced by
     * {@code origin}, {@code SERVER} set to it for the scripts) and answers what is wrong: a non-zero exit, or an
     * expected output it does not show in order (whitespace ignored).
     */
    static List<String> run(CodeBlock block, Path dir, String origin) throws Exception {
        Path script = Files.createTempFile(dir, "block-" + block.line() + "-", ".sh");
        Files.writeString(script, "set -eo pipefail\n" + block.text().replace(EXAMPLE_ORIGIN, origin) + "\n");
        Path errors = Files.createTempFile(dir, "block-" + block.line() + "-", ".err");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .directory(dir.toFile())
                .redirectError(errors.toFile());
        builder.environment().put("SERVER", origin);
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append(e);
            }
        });
        reader.start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        String output = out.toString();
        String stderr = Files.readString(errors);
        if (!ended) {
            return List.of("did not end within 180 s; it wrote: " + tail(output) + " / " + tail(stderr));
        }
        if (process.exitValue() != 0) {
            return List.of("exit " + process.exitValue() + "; it wrote: " + tail(output) + " / " + tail(stderr));
        }
        String shown = squeeze(output);
        int from = 0;
        for (String expected : block.expected()) {
            int at = shown.indexOf(squeeze(expected), from);
            if (at < 0) {
                return List.of("its output does not show, after what came before: " + expected + "; it wrote: "
                        + tail(output));
            }
            from = at + squeeze(expected).length();
        }
        return List.of();
    }

    static String runScript(Path dir, String origin, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        builder.environment().put("SERVER", origin);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(command + ": " + errors).isZero();
        return output;
    }

    /** A copy of a folder for the examples to use (scripts, docs), with the example address replaced in its JSON files. */
    static void copyReplacingOrigin(Path from, Path to, String origin) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.toString().endsWith(".json")) {
                    Files.writeString(target, Files.readString(file).replace(EXAMPLE_ORIGIN, origin));
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The rows of the configuration reference: its environment variable (or "(YAML)") and its key, backticks removed. */
    static List<String[]> configurationTable(MarkdownPage page) throws IOException {
        List<String> lines = Files.readAllLines(page.file());
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            String[] cells = line.split("\\|");
            String first = cells[1].trim();
            String second = cells.length > 2 ? cells[2].trim() : "";
            if (first.equals("Environment variable") && second.equals("Key")) {
                inTable = true;
            } else if (inTable && !first.startsWith("---")) {
                rows.add(new String[] {unquote(first), unquote(second)});
            }
        }
        return rows;
    }

    /** The package names of the layers picture (the lines that start with three spaces and a name), top first. */
    static List<String> layersPicture(MarkdownPage page) {
        CodeBlock picture = page.blocks().stream()
                .filter(block -> block.reason().contains("PackageLayersTest.LAYERS"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no block marked as the picture of PackageLayersTest.LAYERS"));
        return picture.text()
                .lines()
                .filter(line -> line.matches(" {3}\\S.*"))
                .map(line -> line.trim().split("\\s+")[0])
                .toList();
    }

    /**
     * What the numbered list of the request path gets wrong: every name of every step must be in a numbered item (a
     * hook's with its order), and the items must come in the order of the steps of each kind.
     */
    static List<String> requestPathProblems(List<String> items, List<RequestPath.Step> steps) {
        List<String> problems = new ArrayList<>();
        Map<RequestPath.Kind, Integer> lastItem = new LinkedHashMap<>();
        for (RequestPath.Step step : steps) {
            for (String name : step.names()) {
                // The first item naming it at or after the last step of its kind (a filter may be in two chains), else
                // any.
                int last = Math.max(0, lastItem.getOrDefault(step.kind(), 0));
                int found = firstItemNaming(items, step, name, last);
                if (found < 0) {
                    found = firstItemNaming(items, step, name, 0);
                }
                if (found < 0) {
                    problems.add(
                            step.kind() == RequestPath.Kind.HOOKS
                                    ? name + " (order " + step.order() + ") is not in a numbered item with its order"
                                    : name + " is not in a numbered item");
                } else if (found < lastItem.getOrDefault(step.kind(), -1)) {
                    problems.add(name + (step.kind() == RequestPath.Kind.HOOKS ? " (order " + step.order() + ")" : "")
                            + " is listed before the step ahead of it");
                } else {
                    lastItem.put(step.kind(), found);
                }
            }
        }
        return problems;
    }

    private static int firstItemNaming(List<String> items, RequestPath.Step step, String name, int from) {
        for (int i = from; i < items.size(); i++) {
            String item = items.get(i);
            if (item.contains("`" + name + "`")
                    && (step.kind() != RequestPath.Kind.HOOKS || orderOf(item).equals(String.valueOf(step.order())))) {
                return i;
            }
        }
        return -1;
    }

    private static String orderOf(String item) {
        Matcher order = Pattern.compile("\\border (-?\\d+)\\b").matcher(item);
        return order.find() ? order.group(1) : "";
    }

    @SuppressWarnings("unchecked")
    private static List<String> layers() throws ReflectiveOperationException {
        Field layers = Class.forName("org.ketaminefhir.server.architecture.PackageLayersTest")
                .getDeclaredField("LAYERS");
        layers.setAccessible(true);
        return (List<String>) layers.get(null);
    }

    private static String unquote(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") && cell.length() > 1
                ? cell.substring(1, cell.length() - 1)
                : cell;
    }

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 1500 ? trimmed : "..." + trimmed.substring(trimmed.length() - 1500);
    }
}

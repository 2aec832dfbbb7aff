package org.ketaminefhir.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node harness under {@code src/test} whose pinned npm packages (other people's clients and validators) the tests run
 * as a process: {@code npm ci} in its folder installs them (scripts/test does), the script takes its input as a JSON
 * file and prints its answer as one JSON document on stdout.
 */
public final class NodeHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final String script;

    /** The harness in {@code src/test/<name>} (or the folder the system property {@code <name>.dir} names). */
    public NodeHarness(String name, String script) {
        this.folder = Path.of(System.getProperty(name + ".dir", "src/test/" + name));
        this.script = script;
    }

    /** Fails with what to do when the harness's packages are not installed. */
    public void assertInstalled(String... packages) {
        for (String name : packages) {
            if (!Files.isDirectory(folder.resolve("node_modules").resolve(name))) {
                throw new AssertionError("the Node harness in " + folder + " lacks " + name
                        + ": run `npm ci` there (scripts/test does)");
            }
        }
    }

    /** Runs the script on this input (written to a temporary file) and returns what it printed, parsed. */
    public JsonNode run(JsonNode input, String... extraArguments) {
        try {
            Path file = Files.createTempFile("node-harness", ".json");
            try {
                Files.writeString(file, JSON.writeValueAsString(input), StandardCharsets.UTF_8);
                List<String> command =
                        new ArrayList<>(List.of("node", folder.resolve(script).toString(), file.toString()));
                command.addAll(List.of(extraArguments));
                Process node = new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                byte[] out = node.getInputStream().readAllBytes();
                if (!node.waitFor(120, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                    throw new AssertionError(script + " did not finish within 120 s");
                }
                if (node.exitValue() != 0) {
                    throw new AssertionError(script + " exited with " + node.exitValue() + ": "
                            + new String(out, StandardCharsets.UTF_8));
                }
                return JSON.readTree(out);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

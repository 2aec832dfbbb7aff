package org.ketaminefhir.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The server jar in a process of its own, so that its CPU time and memory can be read from /proc. */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    final int port;
    final long startedNanos;
    /** Null when the server runs with security off. */
    private final BenchClient.AccessToken token;

    /** The collector's log (-Xlog:gc) of this process. */
    final Path gcLog;

    private ServerProcess(Process process, int port, long startedNanos, BenchClient.AccessToken token, Path gcLog) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
        this.token = token;
        this.gcLog = gcLog;
    }

    /**
     * Starts the jar on a port of its own. With {@code client} the server runs with security and audit on and that
     * backend client registered; without, with {@code ketamine.security.enabled=false} (no token, nothing audited).
     */
    static ServerProcess start(
            Path jar,
            int port,
            String jdbcUrl,
            String user,
            String password,
            boolean validation,
            BenchClient client,
            Path log,
            Path jfr)
            throws IOException {
        // The collector's log beside the server's, to tell a slow figure from a collector under pressure.
        List<String> measuring = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLogOf(log)));
        if (jfr != null) {
            measuring.add(
                    "-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
        }
        measuring.addAll(extraJvmOptions());
        List<String> command = new ArrayList<>();
        java.util.Map<String, String> environment = new java.util.HashMap<>();
        if (productionRun()) {
            // The documented production run itself: scripts/serve (target/server, its JVM options, the AOT cache on
            // the JDK that trained it); it execs the JVM, so this process is the server.
            command.add("scripts/serve");
            environment.put("JAVA_OPTS", String.join(" ", measuring));
        } else {
            command.add(javaExecutable());
            command.addAll(pomJvmOptions());
            command.addAll(measuring);
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--ketamine.validation.enabled=" + validation,
                "--ketamine.security.enabled=" + (client != null),
                "--ketamine.security.demo.enabled=false",
                "--hapi.fhir.reuse-cached-search-results-millis=0",
                "--logging.level.root=WARN"));
        if (client != null) {
            command.addAll(client.serverArguments());
        }
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(
                process, port, started, client == null ? null : client.tokenFor(origin(port)), gcLogOf(log));
    }

    /** The collector's log of a server whose log is {@code log}: server-a.log, server-a-gc.log. */
    static Path gcLogOf(Path log) {
        return Path.of(log.toAbsolutePath().toString().replaceFirst("\\.log$", "") + "-gc.log");
    }

    /**
     * True unless system property {@code bench.java} names a JVM: then the servers run on it, as {@code java
     * <pom options> -jar}, without the AOT cache (to compare JVMs); else they run as scripts/serve runs them.
     */
    static boolean productionRun() {
        return System.getProperty("bench.java", "").isBlank();
    }

    /**
     * The java executable the servers run on: system property {@code bench.java} (a JDK's home or its bin/java), else
     * the one scripts/serve uses (the JDK that trained target/server's AOT cache, else {@code java} on the PATH).
     */
    static String javaExecutable() {
        String java = System.getProperty("bench.java", "").trim();
        if (java.isEmpty()) {
            return aotCache() ? readTrimmed(SERVER_DIR.resolve("java")) : "java";
        }
        Path path = Path.of(java);
        return Files.isDirectory(path) ? path.resolve("bin").resolve("java").toString() : path.toString();
    }

    private static final Path SERVER_DIR = Path.of("target/server");

    /** Whether the servers run with the build's AOT cache (the production run, with a cache trained). */
    static boolean aotCache() {
        return productionRun()
                && Files.exists(SERVER_DIR.resolve("ketamine-fhir-server.aot"))
                && Files.exists(SERVER_DIR.resolve("java"));
    }

    private static String readTrimmed(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String jvmVersion;

    /** java.version of the servers' JVM ({@link #javaExecutable()}), as that JVM reports it. */
    static synchronized String jvmVersion() {
        if (jvmVersion == null) {
            try {
                Process p = new ProcessBuilder(javaExecutable(), "-XshowSettings:properties", "-version")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*java\\.version = (\\S+)")
                        .matcher(out);
                jvmVersion = m.find() ? m.group(1) : "unknown";
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return jvmVersion;
    }

    /** The server jar that {@code mvn package} builds (scripts/bench builds it first). */
    static Path packagedJar() {
        Path jar = Path.of("target/ketamine-fhir-server.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the server first: mvn -DskipTests package (scripts/bench does)");
        }
        return jar;
    }

    /**
     * The JVM settings of the servers: those of the production run (pom.xml's {@code server.jvm.options}, which
     * scripts/serve runs with, so that the benchmark measures the server as a clinic runs it), then any in system
     * property {@code bench.jvm.extra} (space-separated; a later option wins).
     */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(pomJvmOptions());
        options.addAll(extraJvmOptions());
        return options;
    }

    private static List<String> extraJvmOptions() {
        String extra = System.getProperty("bench.jvm.extra", "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    /** pom.xml's server.jvm.options: what scripts/serve (target/server/jvm.options) and spring-boot:run use. */
    private static List<String> pomJvmOptions() {
        try {
            String pom = Files.readString(Path.of("pom.xml"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "<server.jvm.options>([^<]*)</server.jvm.options>")
                    .matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("pom.xml has no <server.jvm.options> property");
            }
            return List.of(m.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Requests and tokens both go to http://localhost:port: a token's audience is the FHIR base at the address used. */
    private static String origin(int port) {
        return "http://localhost:" + port;
    }

    String base() {
        return origin(port) + "/fhir";
    }

    boolean secured() {
        return token != null;
    }

    /** This server's access token (obtained on first use), or null with security off. */
    BenchClient.AccessToken token() {
        return token;
    }

    /** Adds the bearer token, when the server wants one. */
    HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token.bearer());
    }

    /** Waits until the health endpoint answers UP. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(origin(port) + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server was not ready within " + timeout);
    }

    long pid() {
        return process.pid();
    }

    /** CPU seconds (user + system) the process has used. */
    double cpuSeconds() throws IOException {
        return ProcStat.cpuSeconds(process.pid());
    }

    long rssKb() throws IOException {
        return ProcStat.status(process.pid(), "VmRSS:");
    }

    long peakRssKb() throws IOException {
        return ProcStat.status(process.pid(), "VmHWM:");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Readings from /proc. */
    static final class ProcStat {
        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

        static double cpuSeconds(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        }

        static long status(long pid, String key) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        }

        /** CPU seconds of every PostgreSQL server process on this machine (backends, WAL writer, checkpointer). */
        static double postgresCpuSeconds() {
            double total = 0;
            File[] entries =
                    new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
            if (entries == null) {
                return 0;
            }
            for (File entry : entries) {
                try {
                    String comm =
                            Files.readString(entry.toPath().resolve("comm")).trim();
                    if (comm.startsWith("postgres")) {
                        total += cpuSeconds(Long.parseLong(entry.getName()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
            return total;
        }
    }
}

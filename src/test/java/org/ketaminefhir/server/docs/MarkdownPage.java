package org.ketaminefhir.server.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page read the way the docs test needs it: its fenced code blocks with the HTML comment that marks each, its
 * links, its headings' anchors (GitHub's ids) and its inline code. Only what this repository's pages use is understood:
 * fences at the start of a line, inline links, one-backtick code spans.
 */
final class MarkdownPage {

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    /** {@code [text](target)} or {@code ![alt](target "title")}; the text may hold one level of brackets. */
    private static final Pattern LINK =
            Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+\\.\\s+(.*)$");

    /** How a code block is marked: the HTML comment on the line before its fence. */
    enum Kind {
        /** {@code <!-- run -->}: run against a real server. */
        RUN,
        /** {@code <!-- not run: why -->}. */
        NOT_RUN,
        /** {@code <!-- output -->}: what a command answers. */
        OUTPUT,
        /** No comment, or one that is none of these. */
        NONE
    }

    /**
     * A fenced code block.
     *
     * @param line     the line of its opening fence (from 1)
     * @param language the fence's info string, lower case, empty if none
     * @param kind     its mark
     * @param reason   the text of its comment (after {@code not run:} the reason)
     * @param expected for a runnable block, what its output must show, in order (the comment's lines after the first)
     * @param text     its content
     */
    record CodeBlock(int line, String language, Kind kind, String reason, List<String> expected, String text) {}

    /** A link or image target, as written, and its line. */
    record Link(int line, String target) {}

    /** A one-backtick code span outside code blocks, and its line. */
    record Code(int line, String text) {}

    private final Path file;
    private final List<String> lines;
    private final List<CodeBlock> blocks = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final List<Code> code = new ArrayList<>();
    private final Set<String> anchors = new LinkedHashSet<>();
    private final List<String> numberedItems = new ArrayList<>();

    private MarkdownPage(Path file, String text) {
        this.file = file;
        this.lines = List.of(text.split("\n", -1));
        parse();
    }

    static MarkdownPage read(Path file) throws IOException {
        return new MarkdownPage(file, Files.readString(file));
    }

    /** A page of the given text, as if it were at {@code file} (for links relative to it). */
    static MarkdownPage of(Path file, String text) {
        return new MarkdownPage(file, text);
    }

    Path file() {
        return file;
    }

    int lineCount() {
        return lines.size() - (lines.get(lines.size() - 1).isEmpty() ? 1 : 0);
    }

    List<CodeBlock> blocks() {
        return blocks;
    }

    List<Link> links() {
        return links;
    }

    List<Code> code() {
        return code;
    }

    Set<String> anchors() {
        return anchors;
    }

    /** The numbered list items outside code blocks, each with the lines that continue it, in page order. */
    List<String> numberedItems() {
        return numberedItems;
    }

    private void parse() {
        Map<String, Integer> slugs = new HashMap<>();
        boolean inComment = false;
        StringBuilder item = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                item = endItem(item);
                i = block(i, fence.group(1), fence.group(2));
                continue;
            }
            // HTML comments are neither prose nor code: their links and backticks are not checked.
            String outsideCode = CODE_SPAN.matcher(line).replaceAll("");
            if (inComment || outsideCode.contains("<!--")) {
                inComment = !outsideCode.contains("-->");
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                item = endItem(item);
                String slug = slug(heading.group(2));
                int seen = slugs.merge(slug, 1, Integer::sum);
                anchors.add(seen == 1 ? slug : slug + "-" + (seen - 1));
                continue;
            }
            Matcher numbered = NUMBERED.matcher(line);
            if (numbered.matches()) {
                item = endItem(item);
                item = new StringBuilder(numbered.group(1));
            } else if (item != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
                item.append(' ').append(line.trim());
            } else {
                item = endItem(item);
            }
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                code.add(new Code(i + 1, span.group(1)));
            }
            Matcher link = LINK.matcher(outsideCode);
            while (link.find()) {
                links.add(new Link(i + 1, link.group(1)));
            }
        }
        endItem(item);
    }

    private StringBuilder endItem(StringBuilder item) {
        if (item != null) {
            numberedItems.add(item.toString());
        }
        return null;
    }

    /** Reads the block whose fence opens at {@code open}; answers the line of its closing fence. */
    private int block(int open, String fence, String language) {
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).trim().startsWith(fence)) {
            close++;
        }
        String text = String.join("\n", lines.subList(open + 1, Math.min(close, lines.size())));
        String comment = commentBefore(open);
        Kind kind = Kind.NONE;
        String reason = comment == null ? "" : comment.trim();
        List<String> expected = new ArrayList<>();
        if (comment != null) {
            String[] commentLines = reason.split("\n");
            String first = commentLines[0].trim();
            if (first.equals("run") || first.startsWith("run;") || first.startsWith("run:")) {
                kind = Kind.RUN;
                for (int l = 1; l < commentLines.length; l++) {
                    if (!commentLines[l].isBlank()) {
                        expected.add(commentLines[l].trim());
                    }
                }
            } else if (first.startsWith("not run:") && first.length() > "not run:".length() + 1) {
                kind = Kind.NOT_RUN;
                reason = reason.substring("not run:".length()).trim();
            } else if (first.equals("output") || first.startsWith("output:")) {
                kind = Kind.OUTPUT;
            }
        }
        blocks.add(
                new CodeBlock(open + 1, language.toLowerCase(Locale.ROOT), kind, reason, List.copyOf(expected), text));
        return close;
    }

    /** The HTML comment that ends on the last non-blank line before {@code line}, without its delimiters, or null. */
    private String commentBefore(int line) {
        int end = line - 1;
        while (end >= 0 && lines.get(end).isBlank()) {
            end--;
        }
        if (end < 0 || !lines.get(end).trim().endsWith("-->")) {
            return null;
        }
        int start = end;
        while (start >= 0 && !lines.get(start).contains("<!--")) {
            start--;
        }
        if (start < 0) {
            return null;
        }
        String comment = String.join("\n", lines.subList(start, end + 1)).trim();
        return comment.substring(comment.indexOf("<!--") + 4, comment.lastIndexOf("-->"));
    }

    /**
     * GitHub's id for a heading: lower case, a link's target dropped, every character but letters, marks, numbers,
     * connectors (underscores), hyphens and spaces removed, spaces as hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean letterMarkOrNumber = Character.isLetter(c)
                    || type == Character.NON_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.DECIMAL_DIGIT_NUMBER
                    || type == Character.LETTER_NUMBER
                    || type == Character.OTHER_NUMBER;
            if (letterMarkOrNumber || type == Character.CONNECTOR_PUNCTUATION || c == '-') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}

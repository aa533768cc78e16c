package dev.jqueue.console.security.throttle;

/** Text a visitor typed, made safe for one log line: no line breaks or control characters, bounded length. */
final class LogText {

    private static final int MAX = 100;

    private LogText() {
    }

    static String safe(String typed) {
        if (typed == null) {
            return "";
        }
        String clean = typed.codePoints().map(c -> Character.isISOControl(c) ? '_' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= MAX ? clean : clean.substring(0, MAX) + "…";
    }
}

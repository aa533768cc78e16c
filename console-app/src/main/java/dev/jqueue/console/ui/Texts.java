package dev.jqueue.console.ui;

/** Text shortened for table cells: long values, class names and task paths. */
public final class Texts {

    /** What a cell shows for no value. */
    public static final String NONE = "–";

    private Texts() {
    }

    /** The text on one line, shortened to {@code max} characters with an ellipsis. */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** The simple name of a binary class name ({@code java.lang.IllegalStateException} → {@code IllegalStateException}). */
    public static String simpleClassName(String className) {
        if (className == null) {
            return NONE;
        }
        int dot = className.lastIndexOf('.');
        String simple = dot < 0 ? className : className.substring(dot + 1);
        return simple.replace('$', '.');
    }

    /** The last two segments of a task path ({@code dev.x.DemoTasks.sendEmail} → {@code DemoTasks.sendEmail}). */
    public static String shortTaskPath(String taskPath) {
        if (taskPath == null) {
            return NONE;
        }
        int last = taskPath.lastIndexOf('.');
        int before = last <= 0 ? -1 : taskPath.lastIndexOf('.', last - 1);
        return before < 0 ? taskPath : taskPath.substring(before + 1);
    }
}

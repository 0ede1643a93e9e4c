package io.voicegather.server.ai.conversation;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{dynamic_variables}}} in an assistant's instructions, greeting and tool headers. */
public final class Templates {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private Templates() {
    }

    /** Replaces {@code {{name}}} with the variable's value; unknown names become empty. Null stays null. */
    public static String fill(String template, Map<String, String> variables) {
        if (template == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = variables.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

package io.voicegather.server.ai.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a reply into the pieces that are rendered and played one after the other, so the caller hears the first
 * sentence while the rest is still being rendered.
 *
 * <p>The rules, in order:
 * <ul>
 *   <li>A sentence ends at {@code . ! ? …} (a run of them, then any closing quotes or brackets) followed by
 *       white space or the end of the text, at {@code 。！？} with or without space, and at a line break.</li>
 *   <li>A period is not an end after a known abbreviation ("Mr.", "Dr.", "St."…), after a single letter or a
 *       dotted abbreviation ("J.", "e.g.", "U.S.", "p.m."), nor when the next word starts in lower case (also
 *       keeps "Well... maybe" whole). Numbers are never cut: "3.5" and "$1,200.50" have no space after the mark.
 *       When in doubt there is no cut: a missed cut only makes a piece longer.</li>
 *   <li>A sentence that has run past {@link #CLAUSE_CUT_CHARS} characters without ending is cut after the next
 *       comma, semicolon or colon followed by a space.</li>
 *   <li>A piece shorter than {@link #MIN_CHARS} is joined to the next one (the last one to the one before):
 *       "Sure." alone is not worth a render of its own, and voices sound choppy on tiny clips.</li>
 * </ul>
 */
public final class SpeechChunks {
    /** Shorter pieces are joined to a neighbour: about a second of speech. */
    public static final int MIN_CHARS = 20;
    /** A sentence this long may be cut at a clause mark: some ten seconds of speech. */
    public static final int CLAUSE_CUT_CHARS = 160;

    /** Words that are followed by a name or a number, never the end of a sentence (compared in lower case). */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "st", "mt", "ft", "sr", "jr", "rev", "gen", "col", "lt", "sgt", "capt",
            "hon", "vs", "approx", "dept", "tel", "ext", "fig", "vol", "ch", "pp", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    private SpeechChunks() {
    }

    /**
     * @return the pieces of {@code text} in order (none for blank text), each a stripped part of it: together they
     *         hold every character but the white space between pieces
     */
    public static List<String> split(String text) {
        List<int[]> pieces = merge(sentences(text));
        List<String> out = new ArrayList<>(pieces.size());
        for (int[] p : pieces) {
            out.add(text.substring(p[0], p[1]));
        }
        return out;
    }

    /** The sentences as [start, end) ranges of {@code text}, stripped, none empty. */
    private static List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int cut = -1;
            if (c == '\n' || c == '\r') {
                cut = i;
            } else if (c == '。' || c == '！' || c == '？') {
                cut = skipClosers(text, i + 1);
            } else if (isEndMark(c)) {
                int runEnd = i;
                while (runEnd < n && isEndMark(text.charAt(runEnd))) {
                    runEnd++;
                }
                int after = skipClosers(text, runEnd);
                if ((after == n || Character.isWhitespace(text.charAt(after))) && endsSentence(text, i, runEnd)) {
                    cut = after;
                } else {
                    i = runEnd;
                    continue;
                }
            } else if ((c == ',' || c == ';' || c == ':') && i - start >= CLAUSE_CUT_CHARS && i + 1 < n
                    && Character.isWhitespace(text.charAt(i + 1))) {
                cut = i + 1;
            }
            if (cut < 0) {
                i++;
                continue;
            }
            add(out, text, start, cut);
            start = cut;
            i = Math.max(cut, i + 1);
        }
        add(out, text, start, n);
        return out;
    }

    /** The marks {@code text[from, runEnd)} are followed by space: do they end the sentence? */
    private static boolean endsSentence(String text, int from, int runEnd) {
        boolean questionOrExclamation = false;
        for (int k = from; k < runEnd; k++) {
            char m = text.charAt(k);
            questionOrExclamation |= m == '!' || m == '?';
        }
        if (questionOrExclamation) {
            return true;
        }
        if (startsLowerCase(text, runEnd)) {
            return false; // "e.g. apples", "Well... maybe", "at 5 p.m. on Monday"
        }
        if (runEnd - from == 1 && text.charAt(from) == '.') {
            return !isAbbreviation(wordBefore(text, from));
        }
        return true;
    }

    private static boolean startsLowerCase(String text, int from) {
        int k = from;
        while (k < text.length() && !Character.isLetterOrDigit(text.charAt(k))) {
            k++;
        }
        return k < text.length() && Character.isLowerCase(text.charAt(k));
    }

    /** The token right before {@code dot} (letters and inner dots), e.g. "Dr", "e.g", "U.S", "J". */
    private static String wordBefore(String text, int dot) {
        int k = dot;
        while (k > 0 && (Character.isLetter(text.charAt(k - 1)) || text.charAt(k - 1) == '.')) {
            k--;
        }
        return text.substring(k, dot);
    }

    private static boolean isAbbreviation(String word) {
        if (word.isEmpty()) {
            return false;
        }
        if (word.length() == 1 || word.indexOf('.') >= 0) {
            return true; // an initial ("J. Smith") or dotted ("e.g", "U.S", "p.m")
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean isEndMark(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static int skipClosers(String text, int from) {
        int k = from;
        while (k < text.length() && "\"')]}”’»".indexOf(text.charAt(k)) >= 0) {
            k++;
        }
        return k;
    }

    private static void add(List<int[]> out, String text, int start, int end) {
        int from = start;
        int to = end;
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from < to) {
            out.add(new int[] {from, to});
        }
    }

    /** Joins each piece shorter than {@link #MIN_CHARS} to the next (the last one to the one before). */
    private static List<int[]> merge(List<int[]> sentences) {
        List<int[]> out = new ArrayList<>();
        int[] pending = null;
        for (int[] s : sentences) {
            int[] piece = pending == null ? s : new int[] {pending[0], s[1]};
            if (piece[1] - piece[0] < MIN_CHARS) {
                pending = piece;
            } else {
                out.add(piece);
                pending = null;
            }
        }
        if (pending != null) {
            if (out.isEmpty()) {
                out.add(pending);
            } else {
                out.get(out.size() - 1)[1] = pending[1];
            }
        }
        return out;
    }
}

package io.voicegather.server.ai.slots;

/**
 * Tuning of a {@link SlotFiller}.
 *
 * @param dateOrder          reading of all-digit dates with the year last; when that reading is impossible (a month
 *                           above 12) the other one is used
 * @param enumSimilarity     least similarity (1 - Levenshtein distance / longer length) for an enum value to match
 * @param twoDigitYearPivot  two-digit years up to this are 20xx, above it 19xx ("ninety" = 1990, "oh five" = 2005)
 */
public record SlotFillerSettings(DateOrder dateOrder, double enumSimilarity, int twoDigitYearPivot) {
    /** Day first, 0.75 enum similarity, pivot 29. */
    public static SlotFillerSettings defaults() {
        return new SlotFillerSettings(DateOrder.DAY_FIRST, 0.75, 29);
    }

    public SlotFillerSettings {
        if (dateOrder == null || enumSimilarity <= 0 || enumSimilarity > 1 || twoDigitYearPivot < 0
                || twoDigitYearPivot > 99) {
            throw new IllegalArgumentException("invalid slot filler settings");
        }
    }
}

package dev.tav.text;

/**
 * The byte-level BPE alphabet (GPT-2, CLIP): each of the 256 byte values is written as one printable character,
 * so that vocabulary and merge files are plain text. Bytes that are printable Latin-1 characters ({@code !} to
 * {@code ~}, {@code ¡} to {@code ¬}, {@code ®} to {@code ÿ}) stand for themselves; the other 68 bytes, in
 * increasing order, are given U+0100, U+0101, and so on (so the space, byte 0x20, is {@code Ġ}).
 */
public final class ByteLevelAlphabet {
    private static final String[] CHARACTERS = build();

    private ByteLevelAlphabet() {}

    /**
     * @param b a byte value, 0 to 255
     * @return the one-character string that stands for it
     */
    public static String character(int b) {
        return CHARACTERS[b];
    }

    /**
     * The 256 characters in the order CLIP's and GPT-2's vocabularies list them (ids 0 to 255): the bytes that stand
     * for themselves in increasing order, then the others in increasing order. Useful to write a vocabulary of one's
     * own that {@link ClipTokenizer} reads.
     *
     * @return a new list of 256 one-character strings
     */
    public static java.util.List<String> vocabularyOrder() {
        java.util.List<String> printable = new java.util.ArrayList<>();
        java.util.List<String> others = new java.util.ArrayList<>();
        for (int b = 0; b < 256; b++) {
            (CHARACTERS[b].charAt(0) < 0x100 ? printable : others).add(CHARACTERS[b]);
        }
        printable.addAll(others);
        return printable;
    }

    private static String[] build() {
        String[] chars = new String[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = String.valueOf((char) (printable ? b : 0x100 + extra++));
        }
        return chars;
    }
}

package io.voicegather.server.config;

/**
 * Where speech comes from: the built-in offline voice when {@code url} is null, else an OpenAI-compatible
 * {@code POST {url}/v1/audio/speech} server.
 *
 * @param voice       remote voice for voices with no gender hint
 * @param maleVoice   remote voice for male voice requests (e.g. {@code male}, {@code AWS.Polly.Matthew})
 * @param femaleVoice remote voice for female voice requests
 */
public record TtsSettings(String url, String apiKey, String model, String voice, String maleVoice,
                          String femaleVoice) {
    public boolean builtIn() {
        return url == null;
    }
}

/** VIGIL_CODEC_ORIGINS: the Temporal UI origins allowed to call the codec, checked at start-up. */
import { ConfigError, loadConfig } from '../../platform/config';

test('origins are listed comma-separated; anything with a path, a slash or no scheme is refused naming the variable', () => {
  expect(loadConfig({}).api.codecOrigins).toEqual([]);
  expect(loadConfig({ VIGIL_CODEC_ORIGINS: 'https://temporal.example.org, http://127.0.0.1:8233' }).api.codecOrigins).toEqual([
    'https://temporal.example.org',
    'http://127.0.0.1:8233',
  ]);
  for (const bad of ['https://temporal.example.org/', 'https://temporal.example.org/ui', 'temporal.example.org']) {
    expect(() => loadConfig({ VIGIL_CODEC_ORIGINS: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ VIGIL_CODEC_ORIGINS: bad })).toThrow(/VIGIL_CODEC_ORIGINS/);
  }
});

/** Switches the app's language; on every page, signed in or not. */
import { LANGUAGES, useLanguage, type Language } from '../texts/language';

export function LanguageSwitch() {
  const { language, setLanguage, texts } = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={texts.language.label}>
      {(Object.keys(LANGUAGES) as Language[]).map((code) => (
        <button key={code} type="button" lang={code} aria-pressed={code === language} onClick={() => setLanguage(code)}>
          {LANGUAGES[code].language.name}
        </button>
      ))}
    </div>
  );
}

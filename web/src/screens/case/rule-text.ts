/** A deadline's rule in words, with the risk level it is due at: "hearing ahead: daily, at high risk". */
import type { RiskLevel } from '../../api/client';
import { useTexts } from '../../texts/language';

export function useRuleText(): (deadline: { rule: string | null; riskLevel: RiskLevel }) => string {
  const texts = useTexts();
  return ({ rule, riskLevel }) => {
    const words = texts.rules[(rule ?? 'base') as keyof typeof texts.rules] ?? texts.rules.base;
    return texts.casePage.rule(words(texts.soon), texts.riskLevels[riskLevel]);
  };
}

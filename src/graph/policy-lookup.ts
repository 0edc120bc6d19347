import type { AnswerInput, NameOrId, QuestionKind } from '../core/domain.js';
import type { GraphClient } from './graph-client.js';
import { isGraphError } from './graph-error.js';
import { ASSIGNMENT_POLICIES_PATH } from './entitlement-paths.js';
import { pathSegment } from './graph-url.js';
import type { PackageSummary } from './package-lookup.js';
import type { CachedLookups } from './resolution-cache.js';

export type PolicyChoice = { kind: 'found'; policyId: string } | { kind: 'not-found' | 'invalid'; reason: string };

/**
 * The policy a row names within its package: by id, by display name (case-insensitive), or, when the row names
 * none, the package's only policy. Pure.
 */
export function choosePolicy(pkg: PackageSummary, policy: NameOrId | undefined): PolicyChoice {
  const names = pkg.policies.map((p) => `"${p.displayName}" (${p.id})`).join(', ') || 'none';
  if (policy === undefined) {
    const [only] = pkg.policies;
    if (pkg.policies.length === 1 && only) return { kind: 'found', policyId: only.id };
    return { kind: 'invalid', reason: `access package "${pkg.displayName}" has ${pkg.policies.length} policies, so the row must name one: ${names}` };
  }
  if (policy.kind === 'id') return { kind: 'found', policyId: policy.id };
  const matches = pkg.policies.filter((p) => p.displayName.toLowerCase() === policy.name.toLowerCase());
  const [first] = matches;
  if (matches.length === 1 && first) return { kind: 'found', policyId: first.id };
  if (matches.length === 0) {
    return { kind: 'not-found', reason: `access package "${pkg.displayName}" has no policy named "${policy.name}" (policies: ${names})` };
  }
  return { kind: 'invalid', reason: `access package "${pkg.displayName}" has ${matches.length} policies named "${policy.name}": use the policy id` };
}

export interface PolicyQuestion {
  id: string;
  kind: QuestionKind;
  isRequired: boolean;
  text: string;
}

interface QuestionJson {
  '@odata.type'?: unknown;
  id?: unknown;
  isRequired?: unknown;
  text?: unknown;
}

/** The questions of each policy, one call per policy and run. */
export class PolicyQuestionLookups {
  private readonly byPolicy = new Map<string, Promise<PolicyQuestion[] | undefined>>();

  constructor(
    private readonly client: GraphClient,
    private readonly cache: CachedLookups,
  ) {}

  /** `undefined` when the policy does not exist. */
  questionsOf(policyId: string): Promise<PolicyQuestion[] | undefined> {
    const key = policyId.toLowerCase();
    let pending = this.byPolicy.get(key);
    if (!pending) {
      pending = this.fetch(policyId);
      this.byPolicy.set(key, pending);
    }
    return pending;
  }

  private async fetch(policyId: string): Promise<PolicyQuestion[] | undefined> {
    const cached = this.cache.read<PolicyQuestion[] | null>('questions', policyId);
    if (cached !== undefined) return cached ?? undefined;
    let questions: PolicyQuestion[] | undefined;
    try {
      const policy = await this.client.get<{ questions?: QuestionJson[] }>(`${ASSIGNMENT_POLICIES_PATH}/${pathSegment(policyId)}`, { $expand: 'questions' });
      questions = (policy.questions ?? []).flatMap(toQuestion);
    } catch (error) {
      if (!(isGraphError(error) && error.status === 404)) throw error;
    }
    this.cache.write('questions', policyId, questions ?? null);
    return questions;
  }
}

function toQuestion(json: QuestionJson): PolicyQuestion[] {
  if (typeof json.id !== 'string') return [];
  const type = typeof json['@odata.type'] === 'string' ? json['@odata.type'] : '';
  return [{
    id: json.id,
    kind: /multiplechoice/i.test(type) ? 'choice' : 'text',
    isRequired: json.isRequired === true,
    text: typeof json.text === 'string' ? json.text : json.id,
  }];
}

/**
 * Checks a row's answers against the policy's questions before anything is sent: every required question
 * answered, no answer to a question the policy does not ask. Returns the question kinds by id, or why not.
 */
export function checkAnswers(
  questions: readonly PolicyQuestion[],
  answers: readonly AnswerInput[] | undefined,
): { kind: 'ok'; questionKinds: Map<string, QuestionKind> } | { kind: 'invalid'; reason: string } {
  const answered = new Set((answers ?? []).filter((a) => a.value.trim() !== '').map((a) => a.questionId.toLowerCase()));
  const asked = new Map(questions.map((q) => [q.id.toLowerCase(), q]));
  const problems: string[] = [];
  const missing = questions.filter((q) => q.isRequired && !answered.has(q.id.toLowerCase()));
  if (missing.length > 0) problems.push(`missing answer to required question ${missing.map((q) => `"${q.text}" (${q.id})`).join(', ')}`);
  const unknown = (answers ?? []).filter((a) => !asked.has(a.questionId.toLowerCase()));
  if (unknown.length > 0) problems.push(`the policy asks no question ${unknown.map((a) => a.questionId).join(', ')}`);
  if (problems.length > 0) return { kind: 'invalid', reason: problems.join('; ') };
  const questionKinds = new Map(questions.map((q) => [q.id, q.kind]));
  // The planner looks answers up by the id as the row wrote it, which may differ in case from Graph's.
  for (const answer of answers ?? []) {
    const question = asked.get(answer.questionId.toLowerCase());
    if (question) questionKinds.set(answer.questionId, question.kind);
  }
  return { kind: 'ok', questionKinds };
}

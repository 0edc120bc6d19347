import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import {
  addBody,
  APPROVAL_SALES,
  assignmentOf,
  call,
  DIRECT_FINANCE,
  EM,
  errorOf,
  FINANCE_REPORTS,
  manualClock,
  REASON_QUESTION,
  REGION_QUESTION,
  SALES_TOOLS,
  startSampleEmulator,
  user,
  type Entity,
  REQUESTS,
} from './helpers.js';


let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}) {
  const clock = manualClock();
  emulator = await startSampleEmulator({ clock: clock.now, deliveryDelayMs: 200, ...options });
  return { emulator, clock };
}

const post = (e: RunningEmulator, body: unknown, version = 'v1.0') =>
  call(e, 'POST', `/${version}/identityGovernance/entitlementManagement/assignmentRequests`, body);

const answers = (reason: string | null, region?: string) => [
  ...(reason === null
    ? []
    : [
        {
          '@odata.type': '#microsoft.graph.accessPackageAnswerString',
          value: reason,
          displayValue: reason,
          answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: REASON_QUESTION },
        },
      ]),
  ...(region === undefined
    ? []
    : [
        {
          '@odata.type': '#microsoft.graph.accessPackageAnswerString',
          value: region,
          answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: REGION_QUESTION },
        },
      ]),
];

describe('request state machine', () => {
  test('adminAdd: 201 submitted, then delivering at half the delay, delivered at the delay, with its assignment', async () => {
    const { emulator: e, clock } = await start();
    const created = await post(e, { ...addBody(user(20)), justification: 'migration' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      requestType: 'adminAdd',
      state: 'submitted',
      status: 'Accepted',
      createdDateTime: '2026-01-05T10:00:00.000Z',
      completedDateTime: null,
      justification: 'migration',
      schedule: { startDateTime: null, recurrence: null, expiration: { endDateTime: null, duration: null, type: 'notSpecified' } },
      answers: [],
    });
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${e.graphHttpUrl}${REQUESTS}/${id}`);
    const stateAt = async () => (await call(e, 'GET', `${REQUESTS}/${id}?$expand=assignment`)).body;
    clock.advance(99);
    expect((await stateAt()).state).toBe('submitted');
    clock.advance(1);
    const delivering = await stateAt();
    expect([delivering.state, delivering.status, (delivering.assignment as Entity).state]).toEqual(['delivering', 'Delivering', 'delivering']);
    const assignmentsNow = await call(e, 'GET', `${EM}/assignments?$filter=target/objectId eq '${user(20)}' and state eq 'delivered'`);
    expect(assignmentsNow.body.value).toEqual([]);
    clock.advance(100);
    const delivered = await stateAt();
    expect([delivered.state, delivered.status, delivered.completedDateTime]).toEqual(['delivered', 'Delivered', '2026-01-05T10:00:00.200Z']);
    expect(delivered.assignment).toMatchObject({ state: 'delivered', status: 'Delivered' });
    const assignments = await call(e, 'GET', `${EM}/assignments?$filter=target/objectId eq '${user(20)}' and state eq 'delivered'`);
    expect((assignments.body.value as Entity[]).map((a) => a.id)).toEqual([(delivered.assignment as Entity).id]);
  });

  test('a delay of 0 delivers by the next read', async () => {
    const { emulator: e } = await start({ deliveryDelayMs: 0 });
    const created = await post(e, addBody(user(21)));
    expect(created.body.state).toBe('submitted');
    expect((await call(e, 'GET', `${REQUESTS}/${created.body.id as string}`)).body.state).toBe('delivered');
  });

  test('adminRemove ends the assignment (expired) on delivery', async () => {
    const { emulator: e, clock } = await start();
    const removal = await post(e, { requestType: 'adminRemove', assignment: { id: assignmentOf(3) } });
    expect(removal.status).toBe(201);
    expect(removal.body.requestType).toBe('adminRemove');
    clock.advance(200);
    const assignment = await call(e, 'GET', `${EM}/assignments/${assignmentOf(3)}`);
    expect(assignment.body).toMatchObject({ state: 'expired', status: 'Expired', expiredDateTime: '2026-01-05T10:00:00.200Z' });
    const again = await post(e, { requestType: 'adminRemove', assignment: { id: assignmentOf(3) } });
    expect([again.status, errorOf(again).code]).toEqual([404, 'InvalidRequestNoActiveGrant']);
  });

  test('adminUpdate changes the schedule of the assignment', async () => {
    const { emulator: e, clock } = await start();
    const schedule = { startDateTime: '2026-01-06T00:00:00Z', expiration: { type: 'afterDuration', duration: 'P90D' } };
    const update = await post(e, { requestType: 'adminUpdate', assignment: { id: assignmentOf(12) }, schedule });
    expect(update.status).toBe(201);
    expect(update.body.schedule).toEqual({
      startDateTime: '2026-01-06T00:00:00Z',
      recurrence: null,
      expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' },
    });
    clock.advance(200);
    const assignment = await call(e, 'GET', `${EM}/assignments/${assignmentOf(12)}`);
    expect((assignment.body.schedule as Entity).expiration).toEqual({ type: 'afterDuration', endDateTime: null, duration: 'P90D' });
    expect(assignment.body.state).toBe('delivered');
  });

  test('a policy with approval leaves the request pendingApproval until approved', async () => {
    const { emulator: e, clock } = await start();
    const body = { ...addBody(user(25), SALES_TOOLS, APPROVAL_SALES), answers: answers('Quarter close', 'EMEA') };
    const created = await post(e, body);
    expect([created.status, created.body.state, created.body.status]).toEqual([201, 'pendingApproval', 'PendingApproval']);
    const id = created.body.id as string;
    expect((created.body.answers as Entity[])[1]).toEqual({
      '@odata.type': '#microsoft.graph.accessPackageAnswerString',
      value: 'EMEA',
      displayValue: null,
      answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: REGION_QUESTION },
    });
    clock.advance(60_000);
    expect((await call(e, 'GET', `${REQUESTS}/${id}`)).body.state).toBe('pendingApproval');
    const approve = await call(e, 'POST', `/_emulator/assignment-requests/${id}/approve`);
    expect(approve.status).toBe(200);
    clock.advance(200);
    expect((await call(e, 'GET', `${REQUESTS}/${id}`)).body.state).toBe('delivered');
    expect(e.approveRequest(id)).toBe(false);
  });

  test('denial, manual and automatic', async () => {
    const { emulator: e, clock } = await start({ autoApproval: { decision: 'deny', afterMs: 1000 } });
    const created = await post(e, { ...addBody(user(26), SALES_TOOLS, APPROVAL_SALES), answers: answers('x') });
    clock.advance(999);
    expect((await call(e, 'GET', `${REQUESTS}/${created.body.id as string}`)).body.state).toBe('pendingApproval');
    clock.advance(1);
    const denied = (await call(e, 'GET', `${REQUESTS}/${created.body.id as string}`)).body;
    expect([denied.state, denied.status, denied.completedDateTime]).toEqual(['denied', 'Denied', '2026-01-05T10:00:01.000Z']);
    const other = await post(e, { ...addBody(user(27), SALES_TOOLS, APPROVAL_SALES), answers: answers('y') });
    expect(e.denyRequest(other.body.id as string)).toBe(true);
    expect((await call(e, 'GET', `${REQUESTS}/${other.body.id as string}`)).body.state).toBe('denied');
  });

  test('the documented @odata.type of the body is accepted', async () => {
    const { emulator: e } = await start();
    const answer = await post(e, { '@odata.type': '#microsoft.graph.accessPackageAssignmentRequest', ...addBody(user(22)) });
    expect(answer.status).toBe(201);
  });

  test('beta accepts the legacy accessPackageAssignment and PascalCase request types; v1.0 echoes camelCase', async () => {
    const { emulator: e } = await start();
    const beta = await post(e, { requestType: 'AdminAdd', accessPackageAssignment: addBody(user(30)).assignment }, 'beta');
    expect([beta.status, beta.body.requestType]).toEqual([201, 'adminAdd']);
    const v1 = await post(e, { requestType: 'AdminAdd', accessPackageAssignment: addBody(user(31)).assignment });
    expect([v1.status, errorOf(v1).code]).toEqual([400, 'BadRequest']);
  });

  test('assignment.target.email names a user by mail, or a new subject', async () => {
    const { emulator: e } = await start({ deliveryDelayMs: 0 });
    const known = await post(e, { requestType: 'adminAdd', assignment: { target: { email: 'user33@contoso.com' }, accessPackageId: SALES_TOOLS, assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001' } });
    expect(known.status).toBe(201);
    const guest = await post(e, { requestType: 'adminAdd', assignment: { target: { email: 'guest@fabrikam.com' }, accessPackageId: SALES_TOOLS, assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001' } });
    expect(guest.status).toBe(201);
    const list = await call(e, 'GET', `${EM}/assignments?$filter=target/email eq 'guest@fabrikam.com'&$expand=target`);
    expect(((list.body.value as Entity[])[0]!.target as Entity).email).toBe('guest@fabrikam.com');
    expect(((await call(e, 'GET', `${EM}/assignments?$filter=target/objectId eq '${user(33)}'`)).body.value as Entity[]).length).toBe(1);
  });
});

describe('assignmentRequests list filters', () => {
  test('state, accessPackage/id, target, requestor and createdDateTime ge, with and', async () => {
    const { emulator: e, clock } = await start();
    const first = await post(e, addBody(user(20)));
    clock.advance(50);
    const second = await post(e, addBody(user(11), FINANCE_REPORTS, DIRECT_FINANCE));
    expect(second.status).toBe(409);
    const third = await post(e, addBody(user(21), FINANCE_REPORTS, DIRECT_FINANCE));
    const q = async (filter: string) =>
      ((await call(e, 'GET', `${REQUESTS}?$filter=${encodeURIComponent(filter)}`)).body.value as Entity[]).map((r) => r.id);
    expect(await q(`accessPackage/id eq '${SALES_TOOLS}'`)).toEqual([first.body.id]);
    expect(await q(`accessPackage/id eq '${FINANCE_REPORTS}' and assignment/target/objectId eq '${user(21)}'`)).toEqual([third.body.id]);
    expect(await q(`target/objectId eq '${user(20)}'`)).toEqual([first.body.id]);
    expect(await q("state eq 'submitted'")).toEqual([first.body.id, third.body.id]);
    expect(await q('createdDateTime ge 2026-01-05T10:00:00.025Z')).toEqual([third.body.id]);
    expect(await q("requestType eq 'adminAdd' and createdDateTime lt 2026-01-05T10:00:00.025Z")).toEqual([first.body.id]);
    clock.advance(150);
    expect(await q("state eq 'delivered'")).toEqual([first.body.id]);
    const expanded = await call(e, 'GET', `${REQUESTS}?$filter=state eq 'delivered'&$expand=accessPackage,assignment`);
    const entity = (expanded.body.value as Entity[])[0]!;
    expect((entity.accessPackage as Entity).id).toBe(SALES_TOOLS);
    expect((entity.assignment as Entity).state).toBe('delivered');
  });
});

describe('validation', () => {
  const cases: [string, unknown, number, string, string | undefined][] = [
    ['an unknown top-level property', { ...addBody(user(20)), isValidationOnly: false }, 400, 'BadRequest', undefined],
    ['an unknown assignment property', { requestType: 'adminAdd', assignment: { ...(addBody(user(20)).assignment as Entity), userId: 'x' } }, 400, 'BadRequest', undefined],
    ['a requestType outside the enum', { ...addBody(user(20)), requestType: 'grant' }, 400, 'BadRequest', undefined],
    ['a request type that cannot be created', { ...addBody(user(20)), requestType: 'systemAdd' }, 400, 'InvalidRequest', 'UnsupportedRequestType'],
    ['a missing requestType', { assignment: addBody(user(20)).assignment }, 400, 'InvalidRequest', 'MissingProperty'],
    ['a missing assignment', { requestType: 'adminAdd' }, 400, 'InvalidRequest', 'MissingProperty'],
    ['a missing targetId', { requestType: 'adminAdd', assignment: { accessPackageId: SALES_TOOLS, assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001' } }, 400, 'InvalidRequest', 'MissingProperty'],
    ['a missing policy id', { requestType: 'adminAdd', assignment: { accessPackageId: SALES_TOOLS, targetId: user(20) } }, 400, 'InvalidRequest', 'MissingProperty'],
    ['a malformed targetId', addBody('a0000000-0000'), 400, 'InvalidRequest', 'InvalidId'],
    ['an unknown user', addBody('a0000000-0000-4000-8000-000000000099'), 404, 'ResourceNotFound', 'SubjectNotFound'],
    ['an unknown package', addBody(user(20), 'b0000000-0000-4000-8000-000000000099'), 404, 'ResourceNotFound', 'AccessPackageNotFound'],
    ['an unknown policy', addBody(user(20), SALES_TOOLS, 'd0000000-0000-4000-8000-000000000099'), 404, 'ResourceNotFound', 'AssignmentPolicyNotFound'],
    ['a policy of another package', addBody(user(20), SALES_TOOLS, DIRECT_FINANCE), 400, 'InvalidRequest', 'PolicyNotInAccessPackage'],
    ['an unknown assignment', { requestType: 'adminRemove', assignment: { id: 'f0000000-0000-4000-8000-000000000099' } }, 404, 'ResourceNotFound', 'AssignmentNotFound'],
    ['an expiration type outside the enum', { ...addBody(user(20)), schedule: { expiration: { type: 'afterDays' } } }, 400, 'BadRequest', undefined],
    ['afterDateTime without endDateTime', { ...addBody(user(20)), schedule: { expiration: { type: 'afterDateTime' } } }, 400, 'InvalidRequest', 'InvalidExpiration'],
    ['an expiration in the past', { ...addBody(user(20)), schedule: { expiration: { type: 'afterDateTime', endDateTime: '2020-01-01T00:00:00Z' } } }, 400, 'InvalidRequest', 'InvalidExpiration'],
    ['a malformed date-time', { ...addBody(user(20)), schedule: { startDateTime: '2026-13-45' } }, 400, 'BadRequest', undefined],
    ['an unknown expiration property', { ...addBody(user(20)), schedule: { expiration: { type: 'noExpiration', stopDateTime: null } } }, 400, 'BadRequest', undefined],
    ['a required question unanswered', { ...addBody(user(20), SALES_TOOLS, APPROVAL_SALES), answers: answers(null, 'EMEA') }, 400, 'InvalidRequest', 'RequiredQuestionNotAnswered'],
    ['an answer with the wrong @odata.type', { ...addBody(user(20), SALES_TOOLS, APPROVAL_SALES), answers: [{ ...answers('x')[0], '@odata.type': '#microsoft.graph.accessPackageAnswerChoice' }] }, 400, 'InvalidRequest', 'InvalidAnswer'],
    ['an answer naming the wrong question type', { ...addBody(user(20), SALES_TOOLS, APPROVAL_SALES), answers: [{ ...answers('x')[0], answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: REASON_QUESTION } }] }, 400, 'InvalidRequest', 'InvalidAnswer'],
    ['a choice that is not offered', { ...addBody(user(20), SALES_TOOLS, APPROVAL_SALES), answers: answers('x', 'MARS') }, 400, 'InvalidRequest', 'InvalidAnswer'],
    ['userAdd without a signed-in user or target', { requestType: 'userAdd', assignment: { accessPackageId: FINANCE_REPORTS } }, 400, 'InvalidRequest', 'RequestorNotAUser'],
    ['a body of another @odata.type', { ...addBody(user(20)), '@odata.type': '#microsoft.graph.accessPackageAssignment' }, 400, 'BadRequest', undefined],
    ['a body that is not JSON', '{"requestType":', 400, 'BadRequest', undefined],
  ];
  let shared: RunningEmulator;
  beforeAll(async () => {
    shared = await startSampleEmulator({ clock: manualClock().now });
  });
  afterAll(async () => {
    await shared.close();
  });

  test.each(cases)('%s', async (_name, body, status, code, detail) => {
    const e = shared;
    const answer = await post(e, body);
    expect(answer.status).toBe(status);
    expect(errorOf(answer).code).toBe(code);
    expect(errorOf(answer).details[0]?.code).toBe(detail);
    expect((await call(e, 'GET', '/_emulator/state')).body.requests).toEqual([]);
  });

  test('unknown-property message names the property and the type, like Graph', async () => {
    const { emulator: e } = await start();
    const answer = await post(e, { ...addBody(user(20)), isValidationOnly: true });
    expect(errorOf(answer).message).toBe(
      "The property 'isValidationOnly' does not exist on type 'microsoft.graph.accessPackageAssignmentRequest'. Make sure to only use property names that are defined by the type or mark the type as open type.",
    );
  });
});

describe('duplicates', () => {
  test('adminAdd for a delivered assignment is 409 InvalidRequestExistingGrant', async () => {
    const { emulator: e } = await start();
    const answer = await post(e, addBody(user(1)));
    expect([answer.status, errorOf(answer).code]).toEqual([409, 'InvalidRequestExistingGrant']);
  });

  test('adminRemove without an active assignment is 404 InvalidRequestNoActiveGrant', async () => {
    const { emulator: e } = await start();
    const answer = await post(e, { requestType: 'adminRemove', assignment: { targetId: user(30), accessPackageId: SALES_TOOLS } });
    expect([answer.status, errorOf(answer).code]).toEqual([404, 'InvalidRequestNoActiveGrant']);
  });

  test('any request while one is open for that user and package is 400 InvalidRequest / ExistingOpenRequest', async () => {
    const { emulator: e, clock } = await start();
    expect((await post(e, addBody(user(20)))).status).toBe(201);
    const add = await post(e, addBody(user(20)));
    expect([add.status, errorOf(add).code, errorOf(add).details[0]?.code]).toEqual([400, 'InvalidRequest', 'ExistingOpenRequest']);
    expect((await post(e, { requestType: 'adminRemove', assignment: { id: assignmentOf(4) } })).status).toBe(201);
    const remove = await post(e, { requestType: 'adminRemove', assignment: { id: assignmentOf(4) } });
    expect(errorOf(remove).details[0]?.code).toBe('ExistingOpenRequest');
    const update = await post(e, { requestType: 'adminUpdate', assignment: { id: assignmentOf(4) } });
    expect(errorOf(update).details[0]?.code).toBe('ExistingOpenRequest');
    clock.advance(200);
    const afterDelivery = await post(e, addBody(user(20)));
    expect([afterDelivery.status, errorOf(afterDelivery).code]).toEqual([409, 'InvalidRequestExistingGrant']);
  });
});

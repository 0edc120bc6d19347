import { ACTIONS, REQUEST_TYPES, type Action, type RequestType } from '../core/domain.js';

const REQUEST_TYPE_BY_LOWER: ReadonlyMap<string, RequestType> = new Map(REQUEST_TYPES.map((type) => [type.toLowerCase(), type]));
const ACTION_BY_LOWER: ReadonlyMap<string, Action> = new Map(ACTIONS.map((action) => [action, action]));

const ADMIN_TYPE: Readonly<Record<Action, RequestType>> = { add: 'adminAdd', remove: 'adminRemove', update: 'adminUpdate' };
const ACTION_OF: Readonly<Record<RequestType, Action>> = {
  adminAdd: 'add',
  userAdd: 'add',
  adminRemove: 'remove',
  userRemove: 'remove',
  adminUpdate: 'update',
  userUpdate: 'update',
};

/** `action` in any casing, or undefined when it is not one of `add`, `remove`, `update`. */
export function parseAction(value: string): Action | undefined {
  return ACTION_BY_LOWER.get(value.toLowerCase());
}

/** `requestType` in any casing (`AdminAdd`, `USERADD`), normalised to Graph's camelCase. */
export function parseRequestType(value: string): RequestType | undefined {
  return REQUEST_TYPE_BY_LOWER.get(value.toLowerCase());
}

export function adminRequestTypeFor(action: Action): RequestType {
  return ADMIN_TYPE[action];
}

export function actionOf(requestType: RequestType): Action {
  return ACTION_OF[requestType];
}

export function isSelfService(requestType: RequestType): boolean {
  return requestType.startsWith('user');
}

/** The user object of the seed, exactly its keys. */
import { Type, type Static } from 'typebox';
import type { UserRow } from '../../db/tables.js';
import { Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';

export const UserSchema = Type.Object({
  id: Type.Integer(),
  area: Type.String(),
  phone: Type.String(),
  email: Type.String(),
  openid: Type.String(),
  role: Type.Integer(),
  username: Type.String(),
  is_active: Type.Boolean(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  nickname: Type.String(),
  avatar: Type.String(),
  gender: Type.Integer(),
  birthday: Type.String(),
  address: Type.String(),
});
export type UserView = Static<typeof UserSchema>;

export function toUserView(u: UserRow, time: TimeFormatter): UserView {
  return {
    id: u.id,
    area: u.area,
    phone: u.phone,
    email: u.email,
    openid: u.openid,
    role: u.role,
    username: u.username,
    is_active: u.is_active === 1,
    app_id: u.app_id,
    created_at: time.format(u.created_at),
    updated_at: time.format(u.updated_at),
    nickname: u.nickname,
    avatar: u.avatar,
    gender: u.gender,
    birthday: u.birthday,
    address: u.address,
  };
}

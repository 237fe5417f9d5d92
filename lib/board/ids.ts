/**
 * Identifiers. Board ids are capability-grade (132 random bits: 22 characters
 * of a 64-character alphabet) so they cannot be guessed; record ids only need
 * to be unique within a board.
 */
import { customAlphabet } from 'nanoid';

const URL_SAFE = /^[A-Za-z0-9_-]+$/;

/** 22 base64url characters = 132 random bits. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Party ids are short and fixed at creation (`p1` … `p6`). */
export const PARTY_ID_PATTERN = /^p[1-9][0-9]?$/;
/** Record ids (options, interests, clusters …): 1–64 url-safe characters. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const boardAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const makeBoardId = customAlphabet(boardAlphabet, 22);
const makeRecordId = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 12);

export type BoardId = string & { readonly __brand: 'BoardId' };
export type PartyId = string & { readonly __brand: 'PartyId' };

export function newBoardId(): BoardId {
  return makeBoardId() as BoardId;
}

export function newRecordId(): string {
  return makeRecordId();
}

export function partyIdAt(index: number): PartyId {
  return `p${index + 1}` as PartyId;
}

export function isBoardId(value: unknown): value is BoardId {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}

export function isPartyId(value: unknown): value is PartyId {
  return typeof value === 'string' && PARTY_ID_PATTERN.test(value);
}

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && RECORD_ID_PATTERN.test(value) && URL_SAFE.test(value);
}

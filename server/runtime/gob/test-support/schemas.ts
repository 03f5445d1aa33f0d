/**
 * Hand-written schemas mirroring the Go types of the conformance vectors
 * (server/conformance/gobvectors/types.go) and the parts of Mattermost's
 * model the Post vectors use. JS keys follow the json tags, as generated
 * model schemas do.
 */
import {
  arrayOf,
  bool,
  bytes,
  complex64,
  complex128,
  defineFields,
  defineStruct,
  emptyStruct,
  field,
  float32,
  float64,
  iface,
  int,
  int8,
  int16,
  int32,
  int64,
  mapOf,
  ptr,
  sliceOf,
  string,
  uint,
  uint8,
  uint16,
  uint32,
  uint64,
  type GobType,
} from '../schema';
import { TypeRegistry } from '../interface';
import { timeTime, urlURL } from '../marshalers';

export const Scalars = defineStruct('main.Scalars', [
  field('B', bool),
  field('I', int),
  field('I8', int8),
  field('I16', int16),
  field('I32', int32),
  field('I64', int64),
  field('U', uint),
  field('U8', uint8),
  field('U16', uint16),
  field('U32', uint32),
  field('U64', uint64),
  field('Uptr', uint64),
  field('F32', float32),
  field('F64', float64),
  field('C64', complex64),
  field('C128', complex128),
  field('S', string),
  field('Bs', bytes),
  field('Raw', bytes),
]);

export const Floats = defineStruct('main.Floats', [
  field('F64', sliceOf(float64)),
  field('F32', sliceOf(float32)),
  field('C', sliceOf(complex128)),
]);

export const Strings = defineStruct('main.Strings', [
  field('Empty', string),
  field('ASCII', string),
  field('Unicode', string),
  field('Long', string),
  field('BOM', string),
  field('List', sliceOf(string)),
]);

export const Inner = defineStruct('main.Inner', [field('A', int, 'a'), field('B', string, 'b')]);
export const Embedded = defineStruct('main.Embedded', [field('E1', int), field('E2', string)]);

export const Outer = defineStruct('main.Outer', [
  field('Embedded', Embedded),
  field('Name', string, 'name'),
  field('In', Inner, 'in'),
  field('InPtr', ptr(Inner), 'in_ptr'),
  field('NilPtr', ptr(Inner), 'nil_ptr'),
  field('ZeroInPtr', ptr(Inner), 'zero_in_ptr'),
  field('IntPtr', ptr(int), 'int_ptr'),
  field('ZeroIntPtr', ptr(int), 'zero_int_ptr'),
  field('BoolPtr', ptr(bool), 'bool_ptr'),
  field('StrPtrPtr', ptr(ptr(string)), 'str_ptr_ptr'),
  field('Tags', sliceOf(string), 'tags', true),
  field('EmptyTags', sliceOf(string), 'empty_tags', true),
  field('NilTags', sliceOf(string), 'nil_tags'),
  field('Empty', emptyStruct, 'empty'),
  field('Arr', arrayOf(int, 3), 'arr'),
  field('ZeroArr', arrayOf(string, 2)),
  field('ByteArr', arrayOf(uint8, 4)),
  field('Grid', arrayOf(arrayOf(int, 2), 2)),
]);

export const Node = defineStruct('main.Node');
defineFields(Node, [
  field('Value', int),
  field('Next', ptr(Node)),
  field('Children', sliceOf(ptr(Node))),
  field('Kids', sliceOf(Node)),
  field('Index', mapOf(string, ptr(Node))),
]);

export const Slices = defineStruct('main.Slices', [
  field('Ints', sliceOf(int)),
  field('Strs', sliceOf(string)),
  field('Nested', sliceOf(sliceOf(int))),
  field('PtrInts', sliceOf(ptr(int))),
  field('Structs', sliceOf(Inner)),
  field('PtrStructs', sliceOf(ptr(Inner))),
  field('Bools', sliceOf(bool)),
  field('Empty', sliceOf(int)),
  field('Uints', sliceOf(uint16)),
]);

export const Key = defineStruct('main.Key', [field('X', int), field('Y', int)]);

export const Maps = defineStruct('main.Maps', [
  field('StrInt', mapOf(string, int)),
  field('IntStr', mapOf(int, string)),
  field('StructKey', mapOf(Key, string)),
  field('StrPtr', mapOf(string, ptr(Inner))),
  field('StrSlice', mapOf(string, sliceOf(int))),
  field('Empty', mapOf(string, int)),
  field('Nil', mapOf(string, int)),
  field('BoolKey', mapOf(bool, int)),
  field('Nested', mapOf(string, mapOf(string, int))),
  field('Proto', mapOf(string, int)),
]);

export const Point = defineStruct('main.Point', [field('X', int), field('Y', int)]);

export const Ifaces = defineStruct(
  'main.Ifaces',
  ['Nil', 'Int', 'Int8', 'I64', 'BigI64', 'U', 'U64', 'F64', 'F32', 'C', 'S', 'B', 'Bytes', 'Ints', 'Strs']
    .concat(['Map', 'List', 'Ptr', 'Val', 'Unreg', 'Err', 'Time', 'ZeroInt', 'EmptyStr', 'NilSlice'])
    .map((name) => field(name, iface)),
);

export const Split = defineStruct('main.Split', [
  field('Name', string),
  field('First', iface),
  field('Second', iface),
  field('Deep', iface),
  field('Last', string),
]);

export const Times = defineStruct('main.Times', [
  ...['UTC', 'Fixed', 'Neg', 'Nanos', 'Zero', 'LMT', 'Early', 'Far'].map((name) => field(name, timeTime)),
  field('PtrZero', ptr(timeTime)),
  field('PtrNil', ptr(timeTime)),
  field('URL', ptr(urlURL)),
  field('URLNil', ptr(urlURL)),
  field('URLVal', urlURL),
  field('List', sliceOf(timeTime)),
]);

// Level's MarshalText is ignored by gob: it is an int on the wire.
export const WithText = defineStruct('main.WithText', [field('Lvl', int), field('IP', bytes), field('Levels', sliceOf(int))]);

// ---- Mattermost model (only the fields the vectors need) ----------------

export const AppError = defineStruct('model.AppError', [
  field('Id', string, 'id'),
  field('Message', string, 'message'),
  field('DetailedError', string, 'detailed_error'),
  field('RequestId', string, 'request_id', true),
  field('StatusCode', int, 'status_code', true),
  field('Where', string),
  field('SkipTranslation', bool),
]);

export const MessageAttachmentField = defineStruct('model.MessageAttachmentField', [
  field('Title', string, 'title'),
  field('Value', iface, 'value'),
  field('Short', bool, 'short'),
]);

export const MessageAttachment = defineStruct('model.MessageAttachment', [
  field('Id', int64, 'id'),
  field('Fallback', string, 'fallback'),
  field('Color', string, 'color'),
  field('Pretext', string, 'pretext'),
  field('AuthorName', string, 'author_name'),
  field('AuthorLink', string, 'author_link'),
  field('AuthorIcon', string, 'author_icon'),
  field('Title', string, 'title'),
  field('TitleLink', string, 'title_link'),
  field('Text', string, 'text'),
  field('Fields', sliceOf(ptr(MessageAttachmentField)), 'fields'),
  field('ImageURL', string, 'image_url'),
  field('ThumbURL', string, 'thumb_url'),
  field('Footer', string, 'footer'),
  field('FooterIcon', string, 'footer_icon'),
  field('Timestamp', iface, 'ts'),
]);

export const User = defineStruct('model.User', [
  field('Id', string, 'id'),
  field('CreateAt', int64, 'create_at', true),
  field('UpdateAt', int64, 'update_at', true),
  field('DeleteAt', int64, 'delete_at'),
  field('Username', string, 'username'),
  field('Email', string, 'email'),
  field('Nickname', string, 'nickname'),
  field('Roles', string, 'roles'),
  field('Locale', string, 'locale'),
  field('Timezone', mapOf(string, string), 'timezone'),
  field('IsBot', bool, 'is_bot', true),
]);

export const Post = defineStruct('model.Post', [
  field('Id', string, 'id'),
  field('CreateAt', int64, 'create_at'),
  field('UpdateAt', int64, 'update_at'),
  field('EditAt', int64, 'edit_at'),
  field('DeleteAt', int64, 'delete_at'),
  field('IsPinned', bool, 'is_pinned'),
  field('UserId', string, 'user_id'),
  field('ChannelId', string, 'channel_id'),
  field('RootId', string, 'root_id'),
  field('OriginalId', string, 'original_id'),
  field('Message', string, 'message'),
  field('MessageSource', string, 'message_source', true),
  field('Type', string, 'type'),
  field('Props', mapOf(string, iface), 'props'),
  field('Hashtags', string, 'hashtags'),
  field('Filenames', sliceOf(string)),
  field('FileIds', sliceOf(string), 'file_ids'),
  field('PendingPostId', string, 'pending_post_id'),
  field('HasReactions', bool, 'has_reactions', true),
  field('RemoteId', ptr(string), 'remote_id', true),
  field('ReplyCount', int64, 'reply_count'),
  field('LastReplyAt', int64, 'last_reply_at'),
  field('Participants', sliceOf(ptr(User)), 'participants'),
  field('IsFollowing', ptr(bool), 'is_following', true),
]);

/** Schema per name used in the vectors' JSON ("schema"). */
export const schemas: Record<string, GobType> = {
  Scalars,
  Floats,
  Strings,
  Inner,
  Outer,
  Node,
  Slices,
  Maps,
  Ifaces,
  Split,
  Times,
  WithText,
  Post,
  int,
  int64,
  uint,
  uint64,
  uint8,
  bool,
  float64,
  float32,
  complex128,
  string,
  bytes,
  '[]string': sliceOf(string),
  'map[string]int': mapOf(string, int),
  '[2]bool': arrayOf(bool, 2),
  '*int': ptr(int),
  'time.Time': timeTime,
  '*url.URL': ptr(urlURL),
};

/** The registrations the Go side makes, except *main.WireOnly (decoded from the wire alone). */
export function vectorRegistry(): TypeRegistry {
  const registry = new TypeRegistry();
  registry.register('*main.Inner', ptr(Inner));
  registry.register('main.Point', Point);
  registry.register('time.Time', timeTime);
  registry.register('*model.AppError', ptr(AppError));
  registry.register('[]*model.SlackAttachment', sliceOf(ptr(MessageAttachment)));
  return registry;
}

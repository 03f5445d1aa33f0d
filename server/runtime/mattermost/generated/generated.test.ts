// Spot checks of the generated data against facts read in the Go sources of
// github.com/mattermost/mattermost/server/public v0.4.4 (file named per check).
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GobType, StructField, StructType } from '../../gob/schema';
import { timeTime, urlURL } from '../../gob/marshalers';
import { apiMethods, type PluginAPI } from './api';
import { hooks, totalHooks, type PluginHooks } from './hooks';
import type { Bot, Command, CommandArgs, CommandResponse, Post, User, WebsocketBroadcast } from './models';
import { registeredTypes } from './registered';
import {
  AppErrorSchema,
  CommandResponseSchema,
  ContextSchema,
  CustomStatusSchema,
  HTTPRequestSubsetSchema,
  MessageAttachmentSchema,
  PostSchema,
} from './schemas';

function fieldsOf(type: GobType): readonly StructField[] {
  if (type.kind !== 'struct') throw new Error(`expected a struct, got ${type.kind}`);
  return type.fields;
}

function fieldNamed(type: GobType, name: string): StructField {
  const f = fieldsOf(type).find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}

/** [Go name, JS key, kind (+bits), omitEmpty] of every field, for compact comparisons. */
function shape(type: GobType): string[] {
  return fieldsOf(type).map((f) => {
    const t = f.type;
    const kind = 'bits' in t ? `${t.kind}${t.bits}` : t.kind;
    return `${f.name} ${f.key} ${kind}${f.omitEmpty ? ' omitempty' : ''}`;
  });
}

const stringInterfaceMap = { kind: 'map', key: { kind: 'string' }, elem: { kind: 'interface' } };

describe('model schemas', () => {
  it('Post.Props is model.StringInterface (map[string]interface{}) under the json key "props" (model/post.go)', () => {
    const props = fieldNamed(PostSchema, 'Props');
    expect(props.key).toBe('props');
    expect(props.omitEmpty).toBeUndefined();
    expect(props.type).toEqual(stringInterfaceMap);
    expect(PostSchema.name).toBe('model.Post');
  });

  it('Post.Filenames has json:"-" but still travels under its Go name (model/post.go)', () => {
    const f = fieldNamed(PostSchema, 'Filenames');
    expect(f.key).toBe('Filenames');
    expect(f.type).toEqual({ kind: 'slice', elem: { kind: 'string' } });
    expect(fieldNamed(PostSchema, 'MessageSource')).toMatchObject({ key: 'message_source', omitEmpty: true });
  });

  it('plugin.Context has six untagged string fields (plugin/context.go)', () => {
    expect(shape(ContextSchema)).toEqual([
      'SessionId SessionId string',
      'ConnectionId ConnectionId string',
      'RequestId RequestId string',
      'IPAddress IPAddress string',
      'AcceptLanguage AcceptLanguage string',
      'UserAgent UserAgent string',
    ]);
  });

  it('AppError sends its exported fields, StatusCode as a 64-bit int, Where by Go name (model/utils.go)', () => {
    expect(shape(AppErrorSchema)).toEqual([
      'Id id string',
      'Message message string',
      'DetailedError detailed_error string',
      'RequestId request_id string omitempty',
      'StatusCode status_code int64 omitempty',
      'Where Where string',
      'SkipTranslation SkipTranslation bool',
    ]);
  });

  it('CommandResponse, with its recursive ExtraResponses (model/command_response.go)', () => {
    expect(shape(CommandResponseSchema)).toEqual([
      'ResponseType response_type string',
      'Text text string',
      'Username username string',
      'ChannelId channel_id string',
      'IconURL icon_url string',
      'Type type string',
      'Props props map',
      'GotoLocation goto_location string',
      'TriggerId trigger_id string',
      'SkipSlackParsing skip_slack_parsing bool',
      'Attachments attachments slice',
      'ExtraResponses extra_responses slice',
    ]);
    expect(fieldNamed(CommandResponseSchema, 'Attachments').type).toEqual({ kind: 'slice', elem: { kind: 'ptr', elem: MessageAttachmentSchema } });
    const extra = fieldNamed(CommandResponseSchema, 'ExtraResponses').type;
    expect(extra.kind === 'slice' && extra.elem.kind === 'ptr' && extra.elem.elem).toBe(CommandResponseSchema);
  });

  it('HTTPRequestSubset carries URL as *url.URL (BinaryMarshaler) and Header as map[string][]string (plugin/client_rpc.go)', () => {
    expect(fieldsOf(HTTPRequestSubsetSchema).map((f) => f.name)).toEqual([
      'Method', 'URL', 'Proto', 'ProtoMajor', 'ProtoMinor', 'Header', 'Host', 'RemoteAddr', 'RequestURI', 'Body',
    ]);
    expect(fieldNamed(HTTPRequestSubsetSchema, 'URL').type).toEqual({ kind: 'ptr', elem: urlURL });
    expect(fieldNamed(HTTPRequestSubsetSchema, 'Header').type).toEqual({
      kind: 'map', key: { kind: 'string' }, elem: { kind: 'slice', elem: { kind: 'string' } },
    });
    expect(fieldNamed(HTTPRequestSubsetSchema, 'ProtoMajor').type).toEqual({ kind: 'int', bits: 64 });
    expect(fieldNamed(HTTPRequestSubsetSchema, 'Body').type).toEqual({ kind: 'interface' });
    expect(urlURL.method).toBe('BinaryMarshaler');
  });

  it('a time.Time field is the GobEncoder marshaler: CustomStatus.ExpiresAt (model/custom_status.go)', () => {
    expect(fieldNamed(CustomStatusSchema, 'ExpiresAt')).toEqual({ name: 'ExpiresAt', key: 'expires_at', type: timeTime });
    expect(timeTime.method).toBe('GobEncoder');
  });
});

describe('hook table', () => {
  it('Z_MessageWillBePostedArgs is {A *Context, B *model.Post}; its reply is pre-filled with B (plugin/client_rpc.go)', () => {
    const h = hooks.MessageWillBePosted;
    expect(h.id).toBe(5);
    expect(h.params).toEqual(['c', 'post']);
    expect((h.args as StructType).name).toBe('plugin.Z_MessageWillBePostedArgs');
    expect(fieldsOf(h.args)).toEqual([
      { name: 'A', key: 'A', type: { kind: 'ptr', elem: ContextSchema } },
      { name: 'B', key: 'B', type: { kind: 'ptr', elem: PostSchema } },
    ]);
    expect(fieldsOf(h.returns)).toEqual([
      { name: 'A', key: 'A', type: { kind: 'ptr', elem: PostSchema } },
      { name: 'B', key: 'B', type: { kind: 'string' } },
    ]);
    expect(h.replySeeds).toEqual({ A: 'B' });
    expect(h.handWritten).toBe(true);
    expect(h.special).toBeUndefined();
    expect(h.notImplemented).toBe('hook MessageWillBePosted called but not implemented');
  });

  it('Z_ServeHTTPArgs is {ResponseWriterStream uint32, Request, Context, RequestBodyStream uint32}, reply struct{}', () => {
    const h = hooks.ServeHTTP;
    expect(h.id).toBe(2);
    expect(fieldsOf(h.args).map((f) => [f.name, f.type])).toEqual([
      ['ResponseWriterStream', { kind: 'uint', bits: 32 }],
      ['Request', { kind: 'ptr', elem: HTTPRequestSubsetSchema }],
      ['Context', { kind: 'ptr', elem: ContextSchema }],
      ['RequestBodyStream', { kind: 'uint', bits: 32 }],
    ]);
    expect(fieldsOf(h.returns)).toEqual([]);
    expect(h.special).toBe(true);
    expect(h.notImplemented).toBeUndefined();
  });

  it('generated hooks use "Hook X called but not implemented." and error results are interfaces (client_rpc_generated.go)', () => {
    expect(hooks.OnDeactivate).toMatchObject({ id: 1, values: 0, error: 'error', notImplemented: 'Hook OnDeactivate called but not implemented.' });
    expect(fieldsOf(hooks.OnDeactivate.returns)).toEqual([{ name: 'A', key: 'A', type: { kind: 'interface' } }]);
    expect(hooks.ExecuteCommand).toMatchObject({ id: 4, values: 1, error: 'appError' });
    expect(hooks.Implemented.returns).toEqual({ kind: 'slice', elem: { kind: 'string' } });
    expect(fieldsOf(hooks.OnActivate.args).map((f) => f.name)).toEqual(['APIMuxId', 'DriverMuxId']);
  });

  it('ids follow hooks.go and TotalHooksID', () => {
    expect(totalHooks).toBe(57);
    expect(hooks.MessagesWillBeConsumedWithContext.id).toBe(56);
    expect(hooks.ServeMetrics.id).toBe(39);
    const ids = Object.values(hooks).map((h) => h.id).filter((id) => id >= 0);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('API table', () => {
  it('KVSet(key string, value []byte) *model.AppError is Z_KVSetArgs{A string, B []byte}', () => {
    const m = apiMethods.KVSet;
    expect(m.method).toBe('kvSet');
    expect(m.params).toEqual(['key', 'value']);
    expect(fieldsOf(m.args).map((f) => [f.name, f.type.kind])).toEqual([['A', 'string'], ['B', 'bytes']]);
    expect(fieldsOf(m.returns)).toEqual([{ name: 'A', key: 'A', type: { kind: 'ptr', elem: AppErrorSchema } }]);
    expect(m).toMatchObject({ values: 0, error: 'appError', notImplemented: 'API KVSet called but not implemented.' });
  });

  it('LoadPluginConfiguration is hand-written: no arguments, reply {A []byte} (client_rpc.go)', () => {
    const m = apiMethods.LoadPluginConfiguration;
    expect((m.args as StructType).name).toBe('plugin.Z_LoadPluginConfigurationArgsArgs');
    expect(fieldsOf(m.returns)).toEqual([{ name: 'A', key: 'A', type: { kind: 'bytes' } }]);
    expect(m.special).toBe(true);
  });

  it('LogDebug is {A string, B []interface{}} from a variadic parameter', () => {
    const m = apiMethods.LogDebug;
    expect(m.variadic).toBe(true);
    expect(fieldsOf(m.args).map((f) => f.type)).toEqual([{ kind: 'string' }, { kind: 'slice', elem: { kind: 'interface' } }]);
  });

  it('PluginHTTPStream is the host-only streaming form of PluginHTTP', () => {
    const m = apiMethods.PluginHTTPStream;
    expect(m.rpcOnly).toBe(true);
    expect(fieldsOf(m.returns).map((f) => f.name)).toEqual(['StatusCode', 'Header']);
  });
});

describe('registered names (client_rpc.go init())', () => {
  const byName = new Map(registeredTypes);

  it('pointers use reflect names with the package name only', () => {
    expect(byName.get('*model.AppError')).toEqual({ kind: 'ptr', elem: AppErrorSchema });
    expect(byName.has('*plugin.ErrorString')).toBe(true);
    expect(byName.has('*pq.Error')).toBe(true);
  });

  it('the legacy SlackAttachment alias and the builtin-like containers', () => {
    expect(byName.get('[]*model.SlackAttachment')).toEqual({ kind: 'slice', elem: { kind: 'ptr', elem: MessageAttachmentSchema } });
    expect(byName.get('map[string]interface {}')).toEqual(stringInterfaceMap);
    expect(byName.get('[]interface {}')).toEqual({ kind: 'slice', elem: { kind: 'interface' } });
  });

  it('a named generic type is "importpath.Name[args with import paths]"', () => {
    expect(byName.has(
      'github.com/mattermost/mattermost/server/public/model.PropertyOptions[*github.com/mattermost/mattermost/server/public/model.PluginPropertyOption]',
    )).toBe(true);
  });
});

// Type-level: checked by tsc, which type-checks the tests.
describe('signature types', () => {
  it('struct parameters the plugin sends and struct results it returns may be partial', () => {
    expectTypeOf<Parameters<PluginAPI['registerCommand']>[0]>().toEqualTypeOf<Partial<Command> | null>();
    expectTypeOf<Parameters<PluginAPI['ensureBotUser']>[0]>().toEqualTypeOf<Partial<Bot> | null>();
    expectTypeOf<Parameters<PluginAPI['publishWebSocketEvent']>[2]>().toEqualTypeOf<Partial<WebsocketBroadcast> | null>();
    expectTypeOf<Awaited<ReturnType<PluginHooks['executeCommand']>>>().toEqualTypeOf<Partial<CommandResponse> | null>();
    // What the call sites of World Time and the Probe pass, without casts.
    expectTypeOf({ trigger: 'time', auto_complete: true }).toExtend<Parameters<PluginAPI['registerCommand']>[0]>();
    expectTypeOf({ channel_id: 'c' }).toExtend<Parameters<PluginAPI['publishWebSocketEvent']>[2]>();
  });

  it('values the plugin receives keep the full types', () => {
    expectTypeOf<Awaited<ReturnType<PluginAPI['getUser']>>>().toEqualTypeOf<User | null>();
    expectTypeOf<Awaited<ReturnType<PluginAPI['createPost']>>>().toEqualTypeOf<Post | null>();
    expectTypeOf<Parameters<PluginHooks['executeCommand']>[1]>().toEqualTypeOf<CommandArgs | null>();
    expectTypeOf<Parameters<PluginHooks['messageHasBeenPosted']>[1]>().toEqualTypeOf<Post | null>();
  });
});

/**
 * Checks the generated schema against an independent transcription of the field tables of wire-protocol.md
 * §3.3–§3.5 (name, type and number of every field of every message). A wrong field number, type or name in
 * proto/*.proto fails here.
 */
import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { file_CommonObjectMessages } from '../src/gen/CommonObjectMessages_pb.js';
import { file_OperationMessages } from '../src/gen/OperationMessages_pb.js';
import { file_RPCMessages } from '../src/gen/RPCMessages_pb.js';

/** `name:type=number`, `*` before the type for repeated fields. */
const SPEC: Record<string, string> = {
  // §3.3 RPCMessages.proto
  RemoteMessage: 'messageId:int64=1 request:RPCRequest=2 response:RPCResponse=3',
  RPCRequest:
    'handshakeMessage:HandshakeMessage=1 controlRequest:ControlRequest=2 operationRequest:OperationRequest=3 ' +
    'cancelOpRequest:CancelOpRequest=4',
  RPCResponse:
    'handshakeMessage:HandshakeMessage=1 controlResponse:ControlResponse=2 ' +
    'operationResponse:OperationResponse=3 error:ExceptionMessage=4',
  HandshakeMessage: 'sessionId:string=1 serverType:ServerType=2 publicKey:bytes=3',
  ExceptionMessage: 'exceptionClass:string=1 message:string=2 innerCause:InnerCause=3 stackTrace:string=4',
  'ExceptionMessage.InnerCause': 'exceptionClass:string=1 message:string=2 cause:InnerCause=3',
  CancelOpRequest: '',
  ControlRequest: 'infoLevel:*InfoLevel=1 localRequestId:*int64=2 remoteRequestId:*int64=3',
  ControlResponse: 'contextInfoMap:*StringMapFieldEntry=1 connectorInfos:bytes=2 requestIds:*int64=3',
  'ControlResponse.StringMapFieldEntry': 'key:string=1 value:string=2',
  PingMessage: '',

  // §3.4 OperationMessages.proto
  OperationRequest:
    'connectorKey:ConnectorKey=1 connectorFacadeKey:bytes=2 locale:Locale=3 ' +
    'authenticateOpRequest:AuthenticateOpRequest=4 createOpRequest:CreateOpRequest=5 ' +
    'connectorEventSubscriptionOpRequest:ConnectorEventSubscriptionOpRequest=6 deleteOpRequest:DeleteOpRequest=7 ' +
    'getOpRequest:GetOpRequest=8 resolveUsernameOpRequest:ResolveUsernameOpRequest=9 ' +
    'schemaOpRequest:SchemaOpRequest=10 scriptOnConnectorOpRequest:ScriptOnConnectorOpRequest=11 ' +
    'scriptOnResourceOpRequest:ScriptOnResourceOpRequest=12 searchOpRequest:SearchOpRequest=13 ' +
    'syncOpRequest:SyncOpRequest=14 syncEventSubscriptionOpRequest:SyncEventSubscriptionOpRequest=15 ' +
    'testOpRequest:TestOpRequest=16 updateOpRequest:UpdateOpRequest=17 ValidateOpRequest:ValidateOpRequest=18 ' +
    'configurationChangeEvent:ConfigurationChangeEvent=19 batchOpRequest:BatchOpRequest=20',
  OperationResponse:
    'authenticateOpResponse:AuthenticateOpResponse=1 createOpResponse:CreateOpResponse=2 ' +
    'connectorEventSubscriptionOpResponse:ConnectorEventSubscriptionOpResponse=3 ' +
    'deleteOpResponse:DeleteOpResponse=4 GetOpResponse:GetOpResponse=5 ' +
    'resolveUsernameOpResponse:ResolveUsernameOpResponse=6 schemaOpResponse:SchemaOpResponse=7 ' +
    'scriptOnConnectorOpResponse:ScriptOnConnectorOpResponse=8 scriptOnResourceOpResponse:ScriptOnResourceOpResponse=9 ' +
    'searchOpResponse:SearchOpResponse=10 syncOpResponse:SyncOpResponse=11 ' +
    'syncEventSubscriptionOpResponse:SyncEventSubscriptionOpResponse=12 testOpResponse:TestOpResponse=13 ' +
    'updateOpResponse:UpdateOpResponse=14 validateOpResponse:ValidateOpResponse=15 batchOpResult:BatchOpResult=16',
  AuthenticateOpRequest: 'objectClass:string=1 username:string=2 password:bytes=3 options:bytes=4',
  AuthenticateOpResponse: 'uid:Uid=1',
  CreateOpRequest: 'objectClass:string=1 createAttributes:bytes=2 options:bytes=3',
  CreateOpResponse: 'uid:Uid=1',
  ConnectorEventSubscriptionOpRequest: 'objectClass:string=1 eventFilter:bytes=2 options:bytes=3',
  ConnectorEventSubscriptionOpResponse: 'connectorObject:ConnectorObject=1 completed:bool=2',
  DeleteOpRequest: 'objectClass:string=1 uid:Uid=2 options:bytes=3',
  DeleteOpResponse: '',
  GetOpRequest: 'objectClass:string=1 uid:Uid=2 options:bytes=3',
  GetOpResponse: 'connectorObject:bytes=1',
  ResolveUsernameOpRequest: 'objectClass:string=1 username:string=2 options:bytes=3',
  ResolveUsernameOpResponse: 'uid:Uid=1',
  SchemaOpRequest: '',
  SchemaOpResponse: 'schema:bytes=1',
  ScriptOnConnectorOpRequest: 'scriptContext:ScriptContext=1 options:bytes=2',
  ScriptOnConnectorOpResponse: 'object:bytes=1',
  ScriptOnResourceOpRequest: 'scriptContext:ScriptContext=1 options:bytes=2',
  ScriptOnResourceOpResponse: 'object:bytes=1',
  SearchOpRequest: 'objectClass:string=1 filter:bytes=2 options:bytes=3',
  SearchOpResponse: 'sequence:int64=1 result:SearchResult=2 connectorObject:ConnectorObject=3',
  SyncOpRequest: 'sync:Sync=1 latestSyncToken:LatestSyncToken=2',
  'SyncOpRequest.Sync': 'objectClass:string=1 token:SyncToken=2 options:bytes=3',
  'SyncOpRequest.LatestSyncToken': 'objectClass:string=1',
  SyncOpResponse: 'sync:Sync=1 latestSyncToken:LatestSyncToken=2',
  'SyncOpResponse.Sync': 'sequence:int64=1 syncToken:SyncToken=2 syncDelta:SyncDelta=3',
  'SyncOpResponse.LatestSyncToken': 'syncToken:SyncToken=1',
  SyncEventSubscriptionOpRequest: 'objectClass:string=1 token:SyncToken=2 options:bytes=3',
  SyncEventSubscriptionOpResponse: 'syncDelta:SyncDelta=1 completed:bool=2',
  TestOpRequest: '',
  TestOpResponse: '',
  UpdateOpRequest:
    'objectClass:string=1 uid:Uid=2 updateType:UpdateType=3 replaceAttributes:bytes=4 options:bytes=5',
  UpdateOpResponse: 'uid:Uid=1',
  ValidateOpRequest: '',
  ValidateOpResponse: '',
  ConfigurationChangeEvent: 'configurationPropertyChange:bytes=1',
  BatchOpRequest: 'query:bool=1 tasks:*BatchOpTask=2 batchToken:*string=3 options:bytes=4',
  BatchOpTask:
    'taskId:string=1 createRequest:CreateOpRequest=2 deleteRequest:DeleteOpRequest=3 updateRequest:UpdateOpRequest=4',
  BatchOpResult:
    'batchToken:*string=1 taskId:string=2 complete:bool=3 error:bool=4 queryRequired:bool=5 ' +
    'asynchronousResults:bool=6 returnsResults:bool=7 uid:Uid=8 emptyResult:BatchEmptyResponse=9',
  BatchEmptyResponse: 'resultMessage:string=2',

  // §3.5 CommonObjectMessages.proto
  Uid: 'value:string=1 revision:string=2',
  BigDecimal: 'unscaled:string=1 scale:int32=2',
  ConnectorKey: 'bundleName:string=1 bundleVersion:string=2 connectorName:string=3',
  Locale: 'language:string=1 country:string=2 variant:string=3',
  Script: 'scriptLanguage:string=1 scriptText:string=2',
  ScriptContext: 'script:Script=1 scriptArguments:bytes=2',
  SearchResult:
    'pagedResultsCookie:string=1 totalPagedResultsPolicy:CountPolicy=2 totalPagedResults:int32=3 ' +
    'remainingPagedResults:int32=4',
  SortKey: 'field:string=1 isAscending:bool=2',
  SyncToken: 'value:bytes=1',
  SyncDelta:
    'token:SyncToken=1 deltaType:SyncDeltaType=2 previousUid:Uid=3 objectClass:string=4 uid:Uid=5 ' +
    'connectorObject:bytes=6',
  ConnectorObject: 'objectClass:string=1 attributes:bytes=2',
  QualifiedUid: 'objectClass:string=1 uid:Uid=2',
};

/** Enum values per spec: `NAME=number`. */
const SPEC_ENUMS: Record<string, string> = {
  'HandshakeMessage.ServerType': 'UNKNOWN=0 JAVA=1 DOTNET=2',
  'ControlRequest.InfoLevel': 'CONNECTOR_INFO=0 CONTEXT_INFO=1 REQUESTS=2',
  'UpdateOpRequest.UpdateType': 'REPLACE=0 ADD=1 REMOVE=2',
  'SearchResult.CountPolicy': 'NONE=0 ESTIMATE=1 EXACT=2',
  'SyncDelta.SyncDeltaType': 'CREATE_OR_UPDATE=0 DELETE=1 CREATE=2 UPDATE=3',
};

const PACKAGE = 'org.forgerock.openicf.common.protobuf';
const files = [file_RPCMessages, file_OperationMessages, file_CommonObjectMessages];

function allMessages(): DescMessage[] {
  const out: DescMessage[] = [];
  const visit = (m: DescMessage) => {
    out.push(m);
    m.nestedMessages.forEach(visit);
  };
  for (const f of files) f.messages.forEach(visit);
  return out;
}

function typeOf(f: DescField): string {
  switch (f.fieldKind) {
    case 'scalar':
      return ScalarType[f.scalar].toLowerCase();
    case 'enum':
      return f.enum.name;
    case 'message':
      return f.message.name;
    case 'list':
      if (f.listKind === 'scalar') return `*${ScalarType[f.scalar].toLowerCase()}`;
      if (f.listKind === 'enum') return `*${f.enum.name}`;
      return `*${f.message.name}`;
    case 'map':
      return 'map';
  }
}

function describeFields(m: DescMessage): string {
  return m.fields.map((f) => `${f.name}:${typeOf(f)}=${f.number}`).join(' ');
}

describe('generated schema matches the spec field tables', () => {
  const messages = allMessages();

  it('uses proto3 and the OpenICF package in all three files', () => {
    for (const f of files) {
      expect(f.proto.syntax).toBe('proto3');
      expect(f.proto.package).toBe(PACKAGE);
    }
    expect(files.map((f) => f.name)).toEqual(['RPCMessages', 'OperationMessages', 'CommonObjectMessages']);
  });

  it('has exactly the messages of the spec', () => {
    const names = messages.map((m) => m.typeName.slice(PACKAGE.length + 1)).sort();
    expect(names).toEqual(Object.keys(SPEC).sort());
  });

  for (const [name, fields] of Object.entries(SPEC)) {
    it(`${name}: ${fields || '(no fields)'}`, () => {
      const m = messages.find((x) => x.typeName === `${PACKAGE}.${name}`);
      expect(m, name).toBeDefined();
      // Compare as sets: field order in the .proto does not matter on the wire.
      const actual = describeFields(m!).split(' ').filter(Boolean).sort();
      expect(actual).toEqual(fields.split(' ').filter(Boolean).sort());
    });
  }

  it('has no oneof in any message (the reference envelopes use plain fields)', () => {
    for (const m of messages) expect(m.oneofs, m.typeName).toEqual([]);
  });

  it('packs the repeated numeric fields of ControlRequest/ControlResponse (proto3 default)', () => {
    const packed: string[] = [];
    for (const f of messages.flatMap((m) => m.fields)) {
      if (f.fieldKind !== 'list' || f.listKind === 'message') continue;
      if (f.listKind === 'scalar' && (f.scalar === ScalarType.STRING || f.scalar === ScalarType.BYTES))
        continue;
      packed.push(`${f.parent.name}.${f.name}:${f.packed}`);
    }
    expect(packed.sort()).toEqual(
      [
        'ControlRequest.infoLevel:true',
        'ControlRequest.localRequestId:true',
        'ControlRequest.remoteRequestId:true',
        'ControlResponse.requestIds:true',
      ].sort(),
    );
  });

  for (const [name, values] of Object.entries(SPEC_ENUMS)) {
    it(`enum ${name}: ${values}`, () => {
      const [msgName, enumName] = name.split('.') as [string, string];
      const m = messages.find((x) => x.typeName === `${PACKAGE}.${msgName}`);
      const e = m?.nestedEnums.find((x) => x.name === enumName);
      expect(e, name).toBeDefined();
      expect(e!.values.map((v) => `${v.name}=${v.number}`).join(' ')).toBe(values);
    });
  }
});

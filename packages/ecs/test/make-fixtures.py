# Writes the quirk fixtures (ecs-<case>.json and .xml) from one description per case, so the two
# formats of a case carry the same data. XML-only spellings (True, a lone space, an empty element)
# are applied as literal replacements after serialising. Run: python3 test/make-fixtures.py
import base64, json, os
from xml.sax.saxutils import escape

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')

def b64(text):
    return base64.b64encode(text.encode('utf-8')).decode('ascii')

def inst(**fields):
    base = {
        'InstanceId': 'i-bp1aaaa0000000001', 'InvocationStatus': 'Success', 'InstanceInvokeStatus': 'Finished',
        'ExitCode': 0, 'Repeats': 1, 'Dropped': 0, 'Timed': False, 'ErrorCode': '', 'ErrorInfo': '',
        'CreationTime': '2024-05-01T08:00:00Z', 'StartTime': '2024-05-01T08:00:01Z',
        'FinishTime': '2024-05-01T08:00:03Z', 'UpdateTime': '2024-05-01T08:00:03Z',
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}

def invocation(instances, **fields):
    base = {
        'InvokeId': 't-hz0aaaa000001', 'CommandId': 'c-hz0aaaa000001', 'CommandName': 'quirk-case',
        'CommandType': 'RunShellScript', 'CommandContent': b64('echo hello'), 'Parameters': '{}',
        'RepeatMode': 'Once', 'Frequency': '', 'Timed': False, 'Username': 'root',
        'CreationTime': '2024-05-01T08:00:00Z', 'InvocationStatus': 'Success', 'InvokeStatus': 'Finished',
        'InvokeInstances': {'InvokeInstance': instances},
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}

def body(invocations, total=None, request_id='11111111-2222-3333-4444-555555555555', **extra):
    out = {'RequestId': request_id, 'TotalCount': len(invocations) if total is None else total,
           'PageNumber': 1, 'PageSize': 10, 'Invocations': {'Invocation': invocations}}
    out.update(extra)
    return out

def to_xml(name, value, indent):
    pad = '  ' * indent
    if isinstance(value, dict):
        inner = ''.join(to_xml(k, v, indent + 1) for k, v in value.items())
        if inner == '':
            return f'{pad}<{name}/>\n'
        return f'{pad}<{name}>\n{inner}{pad}</{name}>\n'
    if isinstance(value, list):
        return ''.join(to_xml(name, item, indent) for item in value)
    if isinstance(value, bool):
        value = 'true' if value else 'false'
    return f'{pad}<{name}>{escape(str(value))}</{name}>\n'

def write(case, data, xml_replacements=()):
    with open(os.path.join(HERE, f'ecs-{case}.json'), 'w', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write('\n')
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + to_xml('DescribeInvocationsResponse', data, 0)
    for old, new in xml_replacements:
        assert old in xml, (case, old)
        xml = xml.replace(old, new, 1)
    with open(os.path.join(HERE, f'ecs-{case}.xml'), 'w', encoding='utf-8') as f:
        f.write(xml)

# quirk 15: empty elements; ECS-OLD's <Frequency> </Frequency> holds one space
write('empty-elements', body([invocation([inst()], Frequency=' ')]),
      [('<Frequency> </Frequency>', '<Frequency> </Frequency>'), ('<ErrorCode></ErrorCode>', '<ErrorCode/>')])

# an empty page: <Invocations/> in XML
write('empty-list', {'RequestId': 'EMPTY-0000', 'TotalCount': 0, 'PageNumber': 1, 'PageSize': 10,
                     'Invocations': {'Invocation': []}})

# quirk 16: Timed any case; JSON sends booleans, XML ECS-OLD sends True
write('timed-true', body([invocation([inst(Timed=True, InvocationStatus='Scheduled', InstanceInvokeStatus='Running', FinishTime=None)],
                                     RepeatMode='Period', Frequency='0 */20 * * * *', Timed=True,
                                     InvocationStatus='Scheduled', InvokeStatus='Running')]),
      [('<Timed>true</Timed>', '<Timed>True</Timed>'), ('<Timed>true</Timed>', '<Timed>TRUE</Timed>')])

# quirk 17: lower-case statuses (ECS-OLD examples)
write('lowercase-statuses', body([
    invocation([inst(InvocationStatus='success', InstanceInvokeStatus='finished')], InvokeId='t-lower1',
               InvocationStatus='success', InvokeStatus='finished', RepeatMode='once'),
    invocation([inst(InvocationStatus='running', InstanceInvokeStatus='running', FinishTime=None)], InvokeId='t-lower2',
               InvocationStatus='running', InvokeStatus='running'),
]))

# one-element lists next to a two-element list (XML decodes a lone element to an object)
write('one-element-lists', body([
    invocation([inst()], InvokeId='t-one1', Tags={'Tag': [{'TagKey': 'team', 'TagValue': 'ops'}]}),
    invocation([inst(InstanceId='i-bp1aaaa0000000001'), inst(InstanceId='i-bp1aaaa0000000002')], InvokeId='t-two2'),
]))

# numeric-looking strings stay strings (PlainText response)
write('numeric-strings', body([invocation([inst(Output='007', ExitCode=3221225477, Repeats=2, Dropped=0)],
                                          CommandName='1e5', Username='0', CommandContent='00123',
                                          Parameters='{"port":"007"}', Timeout=60)]),
      [('<ExitCode>3221225477</ExitCode>', '<ExitCode> 3221225477 </ExitCode>')])

# Base64 Chinese command and output
write('base64-chinese', body([invocation([inst(Output=b64('你好，世界\n第二行 ✓\n'))],
                                         CommandContent=b64('#!/bin/bash\necho "你好，世界"\n'),
                                         CommandName='中文命令', CommandDescription='打印问候')]))

# Dropped > 0: output cut after 24 KB
write('dropped', body([invocation([inst(Output=b64('x' * 24576), Dropped=1024)])]))

# tags, one with an empty value
write('tags', body([invocation([inst()], Tags={'Tag': [{'TagKey': 'env', 'TagValue': 'prod'},
                                                        {'TagKey': 'owner', 'TagValue': ''}]},
                              ResourceGroupId='rg-acfm000000001')]),
      [('<TagValue></TagValue>', '<TagValue/>')])

# OSS output delivery, containers, launcher, termination mode
write('oss-output', body([invocation([
    inst(OssOutputStatus='Finished', OssOutputUri='oss://bucket/prefix/t-hz0aaaa000001/i-bp1aaaa0000000001.txt'),
    inst(InstanceId='i-bp1aaaa0000000002', OssOutputStatus='Failed', OssOutputUri='',
         OssOutputErrorCode='OssBucketNotExists', OssOutputErrorInfo='the bucket does not exist'),
], OssOutputDelivery='oss://bucket/prefix', ContainerId='ab141ddfbacfe02d9dbc25966ed971536124527097398d419a6746873fea****',
   ContainerName='test-container', Launcher='python3 -u {{ACS::ScriptFileName|Ext(".py")}}', TerminationMode='ProcessTree',
   WorkingDir='/home/admin', CommandDescription='deliver to OSS')]))

# unknown statuses are kept as sent
write('unknown-status', body([invocation([inst(InvocationStatus='Hibernating', InstanceInvokeStatus='Dozing')],
                                         InvocationStatus='Paused', InvokeStatus='Dozing', RepeatMode='DryRun')]))

# zero targets: an empty InvokeInstances; the second has no InvocationStatus, so it is computed
write('zero-targets', body([
    invocation([], InvokeId='t-zero1', InvocationStatus='Pending', InvokeStatus='Running'),
    invocation([], InvokeId='t-zero2', InvocationStatus=None, InvokeStatus=None),
]), [('<InvokeInstances/>', '<InvokeInstances></InvokeInstances>')])

# status absent: computed from targets; a target with only the legacy status
write('status-absent', body([invocation([
    inst(InvocationStatus=None, InstanceInvokeStatus='Finished'),
    inst(InstanceId='i-bp1aaaa0000000002', InvocationStatus='Failed', InstanceInvokeStatus='Failed', ExitCode=1,
         ErrorCode='ExitCodeNonzero', ErrorInfo='the command execution exit code is not zero'),
], InvocationStatus=None, InvokeStatus=None)]))

# ErrorCode / ErrorInfo variants (seed 003 codes, stray spaces, info only, new capitalised sentence, unknown)
write('error-variants', body([invocation([
    inst(InstanceId='i-e1', InvocationStatus='Invalid', ExitCode=None, ErrorCode='InstanceNotExists', ErrorInfo='the specified instance does not exists'),
    inst(InstanceId='i-e2', InvocationStatus='Failed', ExitCode=1, ErrorCode=' ExitCodeNonzero ', ErrorInfo='the command execution exit code is not zero'),
    inst(InstanceId='i-e3', InvocationStatus='Timeout', ExitCode=None, ErrorCode='', ErrorInfo='the command execution has been timeout'),
    inst(InstanceId='i-e4', InvocationStatus='Aborted', ExitCode=None, ErrorCode='SecurityGroupRuleDenied', ErrorInfo='The security group rules denied access to the aliyun service.'),
    inst(InstanceId='i-e5', InvocationStatus='Error', ExitCode=None, ErrorCode='BrandNewCode', ErrorInfo='something new happened'),
    inst(InstanceId='i-e6', InvocationStatus='Success', ErrorCode=None, ErrorInfo=None),
], InvocationStatus='Failed', InvokeStatus='PartialFailed')]),
      [('<ErrorCode></ErrorCode>', '<ErrorCode>  </ErrorCode>')])

# times with stray whitespace, offsets and fractions, kept as sent (trimmed)
write('times', body([invocation([inst(StartTime='2024-05-01T08:00:01Z\t\n', FinishTime='2024-05-01T16:00:03.156+08:00',
                                      StopTime=' 2024-05-01T08:00:04 ')], CreationTime='\n2024-05-01T08:00:00Z ')]))

# an error body that arrived where a listing was expected
with open(os.path.join(HERE, 'ecs-error-body.json'), 'w', encoding='utf-8') as f:
    json.dump({'RequestId': 'ERR-0000-1111', 'HostId': 'ecs.cn-hangzhou.aliyuncs.com', 'Code': 'InvalidParam.PageSize',
               'Message': 'The specified parameter is invalid.'}, f, indent=2)
    f.write('\n')
with open(os.path.join(HERE, 'ecs-error-body.xml'), 'w', encoding='utf-8') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <RequestId>ERR-0000-1111</RequestId>\n'
            '  <HostId>ecs.cn-hangzhou.aliyuncs.com</HostId>\n  <Code>InvalidParam.PageSize</Code>\n'
            '  <Message>The specified parameter is invalid.</Message>\n</Error>\n')

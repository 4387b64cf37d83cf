# SPDX-License-Identifier: Apache-2.0
"""STIX 2.0 / 2.1 conformance checker: the project's stand-in for the OASIS
stix2-validator (3.2, default options), which is not installable here.

    python3 tests/lib/stix_conform.py [--stix-version 2.0|2.1] [-e] FILE...

A FILE (``-`` is standard input) holds a bundle, or STIX objects one a line
(NDJSON) or concatenated, or a JSON array of objects.  Each finding is one
line

    FILE: OBJECT_ID: CLASS: message

where OBJECT_ID is the id of the top-level object (``bundle`` for the bundle
itself; a STIX 2.0 observable is named by its observed-data and its key in
the message), CLASS one of the stable names of CLASSES below, and the
message starts with the level of the class, ``error`` or ``warning``.  The exit status is 1 when any finding is an
error, 2 on a usage error, 0 otherwise.  ``-e`` prints the errors only;
``--classes`` prints the classes with their levels.

The level of a class is that of the validator's report: ``error`` for the
MUST requirements it enforces by default (JSON schemas and its "musts"),
``warning`` for its default SHOULD checks ("shoulds", all enabled by
default).  Where this checker is stricter than the validator (or the
validator's behaviour could not be pinned down) the class says so.

As a module: ``check_text(text, version, name)`` and
``check_values(values, version, name)`` return lists of ``Finding``.

Sources: STIX Version 2.0 Part 1 (core concepts), Part 2 (objects), Part 3
(cyber observable core), Part 4 (cyber observable objects); STIX Version 2.1
(OASIS Standard); the stix2-validator (oasis-open/cti-stix-validator, its
v20/v21 musts.py, shoulds.py, enums.py) and its bundled JSON schemas
(oasis-open/cti-stix2-json-schemas).
"""
import argparse
import collections
import datetime
import ipaddress
import json
import re
import sys
import uuid

ERROR = 'error'
WARNING = 'warning'

# ---------------------------------------------------------------------------
# Finding classes: name -> (level, what it covers).
# ---------------------------------------------------------------------------
CLASSES = collections.OrderedDict([
    ('json', (ERROR, 'the file is not JSON, or a value is not a STIX object '
              '(an object with type and id)')),
    ('bundle', (ERROR, 'bundle: type, id bundle--<uuid>, objects a list; '
                '2.0 spec_version "2.0" required; 2.1 no spec_version')),
    ('spec-version', (ERROR, '2.1: spec_version "2.1" required on SDOs, SROs, '
                      'meta and custom SDOs, and "2.1" wherever present')),
    ('id-format', (ERROR, 'id is <type>--<RFC 4122 UUID>, the type part '
                   'equal to the object\'s type (2.0: [a-z][a-z-]+[a-z])')),
    ('uuid-version', (ERROR, '2.1 section 6: process ids, and ids of the SCOs '
                      'whose ID-contributing properties are all optional '
                      'when none is present, MUST be UUIDv4 (validator musts '
                      '"process", "uuid_version_check")')),
    ('uuid-check', (WARNING, 'validator SHOULD uuid-check (103): 2.1 SCOs with '
                    'ID-contributing properties UUIDv5, every other object '
                    'UUIDv4; 2.0 ids UUIDv4 (2.0 Part 1 section 2.4; the '
                    'validator does not check 2.0 ids)')),
    ('type-name', (ERROR, 'type matches ^-?[a-z0-9]+(-[a-z0-9]+)*-?$ and is '
                   '3 to 250 characters; not a reserved type')),
    ('custom-object-prefix', (WARNING, 'custom (observable) object types '
                              'start with x-<source>- (validator custom-'
                              'prefix, 101)')),
    ('property-name', (ERROR, 'property names (also of extensions) match '
                       '^[a-z0-9_]{3,250}$ (2.0 schemas; 2.1 section 3.1 and '
                       '11.1, where the validator itself only warns)')),
    ('custom-property-prefix', (WARNING, 'custom properties of spec objects '
                                'and spec extensions start with x_<source>_ '
                                '(validator custom-prefix, 101)')),
    ('reserved-property', (ERROR, 'a reserved property name on an SDO or a '
                           '2.1 custom SDO (action, severity, usernames, ...)')),
    ('custom-sdo-modified', (ERROR, '2.1: a custom object with created (or '
                             'modified) is a custom SDO and needs both')),
    ('identity-required', (ERROR, 'identity: name and identity_class (2.0), '
                           'name (2.1)')),
    ('required-property', (ERROR, 'required properties and "at least one of" '
                           'rules of the other object types')),
    ('network-traffic-refs', (ERROR, 'network-traffic has src_ref or dst_ref')),
    ('network-traffic-protocols', (ERROR, 'network-traffic has protocols, a '
                                   'non-empty list of strings')),
    ('network-traffic-ports', (WARNING, 'network-traffic has both src_port '
                               'and dst_port (validator 301)')),
    ('protocols', (WARNING, 'protocols values are lowercase IANA service '
                   'names ([a-z0-9-]{1,15}, the validator\'s offline rule, '
                   '272)')),
    ('timestamp-format', (ERROR, 'timestamp properties are strings '
                          'YYYY-MM-DDTHH:MM:SS[.s+]Z with valid calendar '
                          'values (numbers and null are errors)')),
    ('timestamp-precision', (ERROR, 'created and modified of SDOs, SROs and '
                             'custom SDOs are precise to the millisecond')),
    ('timestamp-order', (ERROR, 'modified >= created, last_observed >= '
                         'first_observed, end > start ...')),
    ('hash-format', (ERROR, 'hash values match their algorithm (MD5 32 hex '
                     'digits, SHA-1 40, SHA-256 64, SHA-512 128, ...); no empty '
                     'value, no empty hashes')),
    ('hash-algorithm', (WARNING, 'hash names come from hash-algorithm-ov or '
                        'start with x_ (validator hash-algo, 241)')),
    ('ref-target', (ERROR, 'references: 2.0 observables name a key of their '
                    'objects dictionary, of an allowed type; 2.1 references '
                    'are identifiers of an allowed type; created_by_ref names '
                    'an identity')),
    ('ref-missing', (WARNING, 'a reference names an object that is not in the '
                     'file (the validator does not resolve references by '
                     'default; the spec allows it)')),
    ('extension-key', (ERROR, 'extension keys: 2.1 end in -ext or are an '
                       'extension-definition id; 2.0 custom ones match the '
                       'type-name pattern')),
    ('extension-type', (ERROR, '2.1: an extension keyed by an extension-'
                        'definition id has a valid extension_type')),
    ('custom-extension-prefix', (WARNING, 'custom extension keys start with '
                                 'x-<source>- (validator custom-prefix, 101)')),
    ('extensions-use', (WARNING, '2.1: custom objects, custom properties and '
                        'custom -ext extensions should be defined by an '
                        'extension-definition (the validator 3.2 '
                        '"extensions-use" warnings; approximated)')),
    ('empty-value', (ERROR, 'a property (or extension property) is null or an '
                     'empty list')),
    ('value-format', (ERROR, 'values of a given form: addresses, ports, '
                      'number_observed, observed-data objects/object_refs ...')),
    ('dictionary-key', (WARNING, 'dictionary keys in the observable layer are '
                        'lowercase (2.0 also at most 30 characters; validator '
                        'observable-dictionary-keys, 142)')),
    ('observable-object-keys', (WARNING, '2.0: the keys of observed-data '
                                'objects are non-negative integers (141)')),
    ('identity-class', (WARNING, 'identity_class comes from identity-class-ov '
                        '(213)')),
    ('deprecated-property', (WARNING, '2.1: observed-data objects is '
                             'deprecated (304)')),
    ('duplicate-id', (WARNING, 'two objects with one id and the same modified '
                      '(203)')),
])

Finding = collections.namedtuple('Finding', 'file obj cls level msg')

# ---------------------------------------------------------------------------
# Spec tables.
# ---------------------------------------------------------------------------

# Property-name, type-name and id syntax.  2.0 Part 1 sections 2.4, 3.1, 7;
# 2.1 sections 2.9, 3.1, 11.  The type pattern is the validator's
# TYPE_FORMAT_RE; the 2.0 identifier schema allows no digit in the type.
PROPERTY_NAME_RE = re.compile(r'^[a-z0-9_]{3,250}$')
TYPE_NAME_RE = re.compile(r'^-?[a-z0-9]+(-[a-z0-9]+)*-?$')
UUID_RE = (r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
           r'[0-9a-fA-F]{12}')
ID_RE = re.compile(r'^([^\s]+)--(' + UUID_RE + r')$')
ID_TYPE_20_RE = re.compile(r'^[a-z][a-z-]+[a-z]$')
# Recommended prefixes (validator CUSTOM_*_PREFIX_RE, checked by default).
CUSTOM_TYPE_PREFIX_RE = re.compile(r'^x-.+-.+$')
CUSTOM_PROPERTY_PREFIX_RE = re.compile(r'^x_.+_.+$')
CUSTOM_EXT_PREFIX_21_RE = re.compile(r'^x-.+-.+-ext$')
# 2.1 section 7.3 (extensions property): a key is an extension-definition id
# or a predefined/custom "-ext" name.
EXT_KEY_21_RE = re.compile(r'^([a-z0-9]+(-[a-z0-9]+)*-ext|'
                           r'extension-definition--' + UUID_RE + r')$')
EXT_DEF_KEY_RE = re.compile(r'^extension-definition--' + UUID_RE + r'$')
# 2.1 section 7.3.1 (extension_type, extension-definition section 7.2).
EXTENSION_TYPES = ('new-sdo', 'new-sco', 'new-sro', 'property-extension',
                   'toplevel-property-extension')
# Timestamps: 2.0 Part 1 section 2.9, 2.1 section 2.13 (RFC 3339, UTC, Z).
TIMESTAMP_RE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})'
                          r'(\.\d+)?Z$')
# The validator's offline rule for protocol names (shoulds PROTOCOL_RE), in
# lowercase as 2.0 Part 4 / 2.1 section 6.12 ask.
PROTOCOL_RE = re.compile(r'^[a-z0-9-]{1,15}$')
MAC_RE = re.compile(r'^([0-9a-f]{2}:){5}[0-9a-f]{2}$')
CIDR_PREFIX_RE = re.compile(r'^(0|[1-9][0-9]*)$')

# STIX 2.0 Part 1 section 3.1 / STIX 2.1 section 3.2: common properties.
SDO_COMMON = {
    '2.0': ['type', 'id', 'created_by_ref', 'created', 'modified', 'revoked',
            'labels', 'external_references', 'object_marking_refs',
            'granular_markings'],
    '2.1': ['type', 'spec_version', 'id', 'created_by_ref', 'created',
            'modified', 'revoked', 'labels', 'confidence', 'lang',
            'external_references', 'object_marking_refs', 'granular_markings',
            'extensions'],
}
# 2.0 Part 3 section 3.1 (type, description, extensions; no id);
# 2.1 section 3.2 (SCO common properties).
SCO_COMMON = {
    '2.0': ['type', 'description', 'extensions'],
    '2.1': ['type', 'spec_version', 'id', 'object_marking_refs',
            'granular_markings', 'defanged', 'extensions'],
}

# SDOs and SROs: specific properties.  2.0 Part 2 sections 2-5; 2.1
# sections 4 (SDOs), 5 (SROs), 7 (meta objects: marking-definition,
# language-content, extension-definition; their own property lists).
SDO_PROPERTIES = {
    '2.0': {
        'attack-pattern': ['name', 'description', 'kill_chain_phases'],
        'campaign': ['name', 'description', 'aliases', 'first_seen',
                     'last_seen', 'objective'],
        'course-of-action': ['name', 'description'],
        'identity': ['name', 'description', 'identity_class', 'sectors',
                     'contact_information'],
        'indicator': ['name', 'description', 'pattern', 'valid_from',
                      'valid_until', 'kill_chain_phases'],
        'intrusion-set': ['name', 'description', 'aliases', 'first_seen',
                          'last_seen', 'goals', 'resource_level',
                          'primary_motivation', 'secondary_motivations'],
        'malware': ['name', 'description', 'kill_chain_phases'],
        'observed-data': ['first_observed', 'last_observed',
                          'number_observed', 'objects'],
        'report': ['name', 'description', 'published', 'object_refs'],
        'threat-actor': ['name', 'description', 'aliases', 'roles', 'goals',
                         'sophistication', 'resource_level',
                         'primary_motivation', 'secondary_motivations',
                         'personal_motivations'],
        'tool': ['name', 'description', 'kill_chain_phases', 'tool_version'],
        'vulnerability': ['name', 'description'],
        'relationship': ['relationship_type', 'description', 'source_ref',
                         'target_ref'],
        'sighting': ['first_seen', 'last_seen', 'count', 'sighting_of_ref',
                     'observed_data_refs', 'where_sighted_refs', 'summary'],
        'marking-definition': ['definition_type', 'definition'],
    },
    '2.1': {
        'attack-pattern': ['name', 'description', 'aliases',
                           'kill_chain_phases'],
        'campaign': ['name', 'description', 'aliases', 'first_seen',
                     'last_seen', 'objective'],
        'course-of-action': ['name', 'description'],
        'grouping': ['name', 'description', 'context', 'object_refs'],
        'identity': ['name', 'description', 'roles', 'identity_class',
                     'sectors', 'contact_information'],
        'incident': ['name', 'description', 'kill_chain_phases'],
        'indicator': ['name', 'description', 'indicator_types', 'pattern',
                      'pattern_type', 'pattern_version', 'valid_from',
                      'valid_until', 'kill_chain_phases'],
        'infrastructure': ['name', 'description', 'infrastructure_types',
                           'aliases', 'kill_chain_phases', 'first_seen',
                           'last_seen'],
        'intrusion-set': ['name', 'description', 'aliases', 'first_seen',
                          'last_seen', 'goals', 'resource_level',
                          'primary_motivation', 'secondary_motivations'],
        'location': ['name', 'description', 'latitude', 'longitude',
                     'precision', 'region', 'country', 'administrative_area',
                     'city', 'street_address', 'postal_code'],
        'malware': ['name', 'description', 'malware_types', 'is_family',
                    'aliases', 'kill_chain_phases', 'first_seen', 'last_seen',
                    'operating_system_refs', 'architecture_execution_envs',
                    'implementation_languages', 'capabilities',
                    'sample_refs'],
        'malware-analysis': ['product', 'version', 'host_vm_ref',
                             'operating_system_ref',
                             'installed_software_refs',
                             'configuration_version', 'modules',
                             'analysis_engine_version',
                             'analysis_definition_version', 'submitted',
                             'analysis_started', 'analysis_ended',
                             'result_name', 'result', 'analysis_sco_refs',
                             'sample_ref'],
        'note': ['abstract', 'content', 'authors', 'object_refs'],
        'observed-data': ['first_observed', 'last_observed',
                          'number_observed', 'objects', 'object_refs'],
        'opinion': ['explanation', 'authors', 'opinion', 'object_refs'],
        'report': ['name', 'description', 'report_types', 'published',
                   'object_refs'],
        'threat-actor': ['name', 'description', 'threat_actor_types',
                         'aliases', 'first_seen', 'last_seen', 'roles',
                         'goals', 'sophistication', 'resource_level',
                         'primary_motivation', 'secondary_motivations',
                         'personal_motivations'],
        'tool': ['name', 'description', 'tool_types', 'aliases',
                 'kill_chain_phases', 'tool_version'],
        'vulnerability': ['name', 'description'],
        'relationship': ['relationship_type', 'description', 'source_ref',
                         'target_ref', 'start_time', 'stop_time'],
        'sighting': ['description', 'first_seen', 'last_seen', 'count',
                     'sighting_of_ref', 'observed_data_refs',
                     'where_sighted_refs', 'summary'],
        'marking-definition': ['name', 'definition_type', 'definition'],
        'language-content': ['object_ref', 'object_modified', 'contents'],
        'extension-definition': ['name', 'description', 'schema', 'version',
                                 'extension_types', 'extension_properties'],
    },
}
SROS = ('relationship', 'sighting')
META = ('marking-definition', 'language-content', 'extension-definition')

# Required properties of SDOs/SROs (beyond the common type, id, created,
# modified; marking-definition has no modified).  2.0 Part 2; 2.1 sections
# 4, 5, 7.  Identity is checked apart (class identity-required).
SDO_REQUIRED = {
    '2.0': {
        'attack-pattern': ['name'], 'campaign': ['name'],
        'course-of-action': ['name'], 'identity': ['name', 'identity_class'],
        'indicator': ['labels', 'pattern', 'valid_from'],
        'intrusion-set': ['name'], 'malware': ['name', 'labels'],
        'observed-data': ['first_observed', 'last_observed',
                          'number_observed', 'objects'],
        'report': ['name', 'labels', 'published', 'object_refs'],
        'threat-actor': ['name', 'labels'], 'tool': ['name', 'labels'],
        'vulnerability': ['name'],
        'relationship': ['relationship_type', 'source_ref', 'target_ref'],
        'sighting': ['sighting_of_ref'],
        'marking-definition': ['definition_type', 'definition'],
    },
    '2.1': {
        'attack-pattern': ['name'], 'campaign': ['name'],
        'course-of-action': ['name'], 'grouping': ['context', 'object_refs'],
        'identity': ['name'], 'incident': ['name'],
        'indicator': ['pattern', 'pattern_type', 'valid_from'],
        'infrastructure': ['name'], 'intrusion-set': ['name'],
        'malware': ['is_family'], 'malware-analysis': ['product'],
        'note': ['content', 'object_refs'],
        'observed-data': ['first_observed', 'last_observed',
                          'number_observed'],
        'opinion': ['opinion', 'object_refs'],
        'report': ['name', 'published', 'object_refs'],
        'threat-actor': ['name'], 'tool': ['name'], 'vulnerability': ['name'],
        'relationship': ['relationship_type', 'source_ref', 'target_ref'],
        'sighting': ['sighting_of_ref'],
        'marking-definition': [],
        'language-content': ['object_ref', 'contents'],
        'extension-definition': ['created_by_ref', 'name', 'schema',
                                 'version', 'extension_types'],
    },
}

# Reserved property names of SDOs (2.0 Part 1 section 3.6 and the 2.0 core
# schema; the 2.1 core schema forbids the same set except confidence, which
# 2.1 made a common property).  The validator reports them as schema errors
# on (custom) SDOs.
RESERVED_PROPERTIES = {
    '2.0': ['confidence', 'severity', 'action', 'usernames', 'phone_numbers',
            'addresses', 'first_seen_precision', 'last_seen_precision',
            'valid_from_precision', 'valid_until_precision'],
    '2.1': ['severity', 'action', 'usernames', 'phone_numbers', 'addresses',
            'first_seen_precision', 'last_seen_precision',
            'valid_from_precision', 'valid_until_precision'],
}
# Reserved type names (2.0 Part 1 / Part 4, 2.1 section 3.1 and the
# validator's RESERVED_OBJECTS).
RESERVED_TYPES = {
    '2.0': ['incident', 'infrastructure', 'action'],
    '2.1': ['action'],
}

# Cyber-observable objects: specific properties.  2.0 Part 4 section 2;
# 2.1 section 6.
SCO_PROPERTIES = {
    '2.0': {
        'artifact': ['mime_type', 'payload_bin', 'url', 'hashes'],
        'autonomous-system': ['number', 'name', 'rir'],
        'directory': ['path', 'path_enc', 'created', 'modified', 'accessed',
                      'contains_refs'],
        'domain-name': ['value', 'resolves_to_refs'],
        'email-addr': ['value', 'display_name', 'belongs_to_ref'],
        'email-message': ['is_multipart', 'date', 'content_type', 'from_ref',
                          'sender_ref', 'to_refs', 'cc_refs', 'bcc_refs',
                          'subject', 'received_lines',
                          'additional_header_fields', 'body',
                          'body_multipart', 'raw_email_ref'],
        'file': ['hashes', 'size', 'name', 'name_enc', 'magic_number_hex',
                 'mime_type', 'created', 'modified', 'accessed',
                 'parent_directory_ref', 'is_encrypted',
                 'encryption_algorithm', 'decryption_key', 'contains_refs',
                 'content_ref'],
        'ipv4-addr': ['value', 'resolves_to_refs', 'belongs_to_refs'],
        'ipv6-addr': ['value', 'resolves_to_refs', 'belongs_to_refs'],
        'mac-addr': ['value'],
        'mutex': ['name'],
        'network-traffic': ['start', 'end', 'is_active', 'src_ref', 'dst_ref',
                            'src_port', 'dst_port', 'protocols',
                            'src_byte_count', 'dst_byte_count', 'src_packets',
                            'dst_packets', 'ipfix', 'src_payload_ref',
                            'dst_payload_ref', 'encapsulates_refs',
                            'encapsulated_by_ref'],
        'process': ['is_hidden', 'pid', 'name', 'created', 'cwd', 'arguments',
                    'command_line', 'environment_variables',
                    'opened_connection_refs', 'creator_user_ref',
                    'binary_ref', 'parent_ref', 'child_refs'],
        'software': ['name', 'cpe', 'languages', 'vendor', 'version'],
        'url': ['value'],
        'user-account': ['user_id', 'account_login', 'account_type',
                         'display_name', 'is_service_account',
                         'is_privileged', 'can_escalate_privs', 'is_disabled',
                         'account_created', 'account_expires',
                         'password_last_changed', 'account_first_login',
                         'account_last_login'],
        'windows-registry-key': ['key', 'values', 'modified',
                                 'creator_user_ref', 'number_of_subkeys'],
        'x509-certificate': ['is_self_signed', 'hashes', 'version',
                             'serial_number', 'signature_algorithm', 'issuer',
                             'validity_not_before', 'validity_not_after',
                             'subject', 'subject_public_key_algorithm',
                             'subject_public_key_modulus',
                             'subject_public_key_exponent',
                             'x509_v3_extensions'],
    },
    '2.1': {
        'artifact': ['mime_type', 'payload_bin', 'url', 'hashes',
                     'encryption_algorithm', 'decryption_key'],
        'autonomous-system': ['number', 'name', 'rir'],
        'directory': ['path', 'path_enc', 'ctime', 'mtime', 'atime',
                      'contains_refs'],
        'domain-name': ['value', 'resolves_to_refs'],
        'email-addr': ['value', 'display_name', 'belongs_to_ref'],
        'email-message': ['is_multipart', 'date', 'content_type', 'from_ref',
                          'sender_ref', 'to_refs', 'cc_refs', 'bcc_refs',
                          'message_id', 'subject', 'received_lines',
                          'additional_header_fields', 'body',
                          'body_multipart', 'raw_email_ref'],
        'file': ['hashes', 'size', 'name', 'name_enc', 'magic_number_hex',
                 'mime_type', 'ctime', 'mtime', 'atime',
                 'parent_directory_ref', 'contains_refs', 'content_ref'],
        'ipv4-addr': ['value', 'resolves_to_refs', 'belongs_to_refs'],
        'ipv6-addr': ['value', 'resolves_to_refs', 'belongs_to_refs'],
        'mac-addr': ['value'],
        'mutex': ['name'],
        'network-traffic': ['start', 'end', 'is_active', 'src_ref', 'dst_ref',
                            'src_port', 'dst_port', 'protocols',
                            'src_byte_count', 'dst_byte_count', 'src_packets',
                            'dst_packets', 'ipfix', 'src_payload_ref',
                            'dst_payload_ref', 'encapsulates_refs',
                            'encapsulated_by_ref'],
        'process': ['is_hidden', 'pid', 'created_time', 'cwd', 'command_line',
                    'environment_variables', 'opened_connection_refs',
                    'creator_user_ref', 'image_ref', 'parent_ref',
                    'child_refs'],
        'software': ['name', 'cpe', 'swid', 'languages', 'vendor', 'version'],
        'url': ['value'],
        'user-account': ['user_id', 'credential', 'account_login',
                         'account_type', 'display_name', 'is_service_account',
                         'is_privileged', 'can_escalate_privs', 'is_disabled',
                         'account_created', 'account_expires',
                         'credential_last_changed', 'account_first_login',
                         'account_last_login'],
        'windows-registry-key': ['key', 'values', 'modified_time',
                                 'creator_user_ref', 'number_of_subkeys'],
        'x509-certificate': ['is_self_signed', 'hashes', 'version',
                             'serial_number', 'signature_algorithm', 'issuer',
                             'validity_not_before', 'validity_not_after',
                             'subject', 'subject_public_key_algorithm',
                             'subject_public_key_modulus',
                             'subject_public_key_exponent',
                             'x509_v3_extensions'],
    },
}

# Required properties of SCOs: lists of alternatives, each a list of names
# of which one must be present.  2.0 Part 4 and its schemas (e.g. user-account
# requires user_id, windows-registry-key key); 2.1 section 6.  network-traffic
# is checked apart (classes network-traffic-refs and -protocols).
SCO_REQUIRED = {
    '2.0': {
        'artifact': [['payload_bin', 'url']],
        'autonomous-system': [['number']], 'directory': [['path']],
        'domain-name': [['value']], 'email-addr': [['value']],
        'email-message': [['is_multipart']], 'file': [['hashes', 'name']],
        'ipv4-addr': [['value']], 'ipv6-addr': [['value']],
        'mac-addr': [['value']], 'mutex': [['name']],
        'software': [['name']], 'url': [['value']],
        'user-account': [['user_id']], 'windows-registry-key': [['key']],
    },
    '2.1': {
        'artifact': [['payload_bin', 'url']],
        'autonomous-system': [['number']], 'directory': [['path']],
        'domain-name': [['value']], 'email-addr': [['value']],
        'email-message': [['is_multipart']], 'file': [['hashes', 'name']],
        'ipv4-addr': [['value']], 'ipv6-addr': [['value']],
        'mac-addr': [['value']], 'mutex': [['name']],
        'software': [['name']], 'url': [['value']],
    },
}
# 2.1 sections 6.11 (process) and 6.18 (x509-certificate): at least one
# property of the object (or, for process, of one of its extensions).
SCO_AT_LEAST_ONE_21 = ('process', 'x509-certificate')

# 2.1 section 6 (ID Contributing Properties) and the validator's
# uuid_version_check: SCOs whose contributing properties are all optional
# MUST use UUIDv4 when none is present; process has none (UUIDv4).
ID_CONTRIBUTING_21 = {
    'artifact': ['hashes', 'payload_bin'],
    'autonomous-system': ['number'], 'directory': ['path'],
    'domain-name': ['value'], 'email-addr': ['value'],
    'email-message': ['from_ref', 'subject', 'body'],
    'file': ['hashes', 'name', 'extensions', 'parent_directory_ref'],
    'ipv4-addr': ['value'], 'ipv6-addr': ['value'], 'mac-addr': ['value'],
    'mutex': ['name'],
    'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port',
                        'dst_port', 'protocols', 'extensions'],
    'process': [],
    'software': ['name', 'cpe', 'swid', 'vendor', 'version'],
    'url': ['value'],
    'user-account': ['account_type', 'user_id', 'account_login'],
    'windows-registry-key': ['key', 'values'],
    'x509-certificate': ['hashes', 'serial_number'],
}
OPTIONAL_CONTRIBUTING_21 = ('artifact', 'email-message', 'user-account',
                            'windows-registry-key', 'x509-certificate')

# Predefined extensions and their properties.  2.0 Part 4, 2.1 section 6
# (file 6.7.x, network-traffic 6.12.x, process 6.11.x, user-account 6.17.1).
SPEC_EXTENSIONS = {
    'file': ['archive-ext', 'ntfs-ext', 'pdf-ext', 'raster-image-ext',
             'windows-pebinary-ext'],
    'network-traffic': ['http-request-ext', 'icmp-ext', 'socket-ext',
                        'tcp-ext'],
    'process': ['windows-process-ext', 'windows-service-ext'],
    'user-account': ['unix-account-ext'],
}
EXTENSION_PROPERTIES = {
    '2.0': {
        'archive-ext': ['contains_refs', 'version', 'comment'],
        'ntfs-ext': ['sid', 'alternate_data_streams'],
        'pdf-ext': ['version', 'is_optimized', 'document_info_dict', 'pdfid0',
                    'pdfid1'],
        'raster-image-ext': ['image_height', 'image_width', 'bits_per_pixel',
                             'image_compression_algorithm', 'exif_tags'],
        'windows-pebinary-ext': ['pe_type', 'imphash', 'machine_hex',
                                 'number_of_sections', 'time_date_stamp',
                                 'pointer_to_symbol_table_hex',
                                 'number_of_symbols',
                                 'size_of_optional_header',
                                 'characteristics_hex', 'file_header_hashes',
                                 'optional_header', 'sections'],
        'http-request-ext': ['request_method', 'request_value',
                             'request_version', 'request_header',
                             'message_body_length', 'message_body_data_ref'],
        'icmp-ext': ['icmp_type_hex', 'icmp_code_hex'],
        'socket-ext': ['address_family', 'is_blocking', 'is_listening',
                       'protocol_family', 'options', 'socket_type',
                       'socket_descriptor', 'socket_handle'],
        'tcp-ext': ['src_flags_hex', 'dst_flags_hex'],
        'windows-process-ext': ['aslr_enabled', 'dep_enabled', 'priority',
                                'owner_sid', 'window_title', 'startup_info'],
        'windows-service-ext': ['service_name', 'descriptions',
                                'display_name', 'group_name',
                                'start_command_line', 'start_type',
                                'service_dll_refs', 'service_type',
                                'service_status'],
        'unix-account-ext': ['gid', 'groups', 'home_dir', 'shell'],
    },
    '2.1': {
        'archive-ext': ['contains_refs', 'comment'],
        'ntfs-ext': ['sid', 'alternate_data_streams'],
        'pdf-ext': ['version', 'is_optimized', 'document_info_dict', 'pdfid0',
                    'pdfid1'],
        'raster-image-ext': ['image_height', 'image_width', 'bits_per_pixel',
                             'exif_tags'],
        'windows-pebinary-ext': ['pe_type', 'imphash', 'machine_hex',
                                 'number_of_sections', 'time_date_stamp',
                                 'pointer_to_symbol_table_hex',
                                 'number_of_symbols',
                                 'size_of_optional_header',
                                 'characteristics_hex', 'file_header_hashes',
                                 'optional_header', 'sections'],
        'http-request-ext': ['request_method', 'request_value',
                             'request_version', 'request_header',
                             'message_body_length', 'message_body_data_ref'],
        'icmp-ext': ['icmp_type_hex', 'icmp_code_hex'],
        'socket-ext': ['address_family', 'is_blocking', 'is_listening',
                       'options', 'socket_type', 'socket_descriptor',
                       'socket_handle'],
        'tcp-ext': ['src_flags_hex', 'dst_flags_hex'],
        'windows-process-ext': ['aslr_enabled', 'dep_enabled', 'priority',
                                'owner_sid', 'window_title', 'startup_info',
                                'integrity_level'],
        'windows-service-ext': ['service_name', 'descriptions',
                                'display_name', 'group_name', 'start_type',
                                'service_dll_refs', 'service_type',
                                'service_status'],
        'unix-account-ext': ['gid', 'groups', 'home_dir', 'shell'],
    },
}

# Timestamp-typed properties.  2.0 Part 2 / Part 4, 2.1 sections 4-7 (and the
# validator's TIMESTAMP_PROPERTIES / TIMESTAMP_OBSERVABLE_PROPERTIES).
# created/modified are timestamps of every SDO/SRO (and of every 2.1 object:
# the validator checks them on any object that has them).
TIMESTAMPS = {
    '2.0': {
        'campaign': ['first_seen', 'last_seen'],
        'indicator': ['valid_from', 'valid_until'],
        'intrusion-set': ['first_seen', 'last_seen'],
        'observed-data': ['first_observed', 'last_observed'],
        'report': ['published'],
        'sighting': ['first_seen', 'last_seen'],
        'directory': ['created', 'modified', 'accessed'],
        'email-message': ['date'],
        'file': ['created', 'modified', 'accessed'],
        'network-traffic': ['start', 'end'],
        'process': ['created'],
        'user-account': ['account_created', 'account_expires',
                         'password_last_changed', 'account_first_login',
                         'account_last_login'],
        'windows-registry-key': ['modified'],
        'x509-certificate': ['validity_not_before', 'validity_not_after'],
    },
    '2.1': {
        'campaign': ['first_seen', 'last_seen'],
        'indicator': ['valid_from', 'valid_until'],
        'infrastructure': ['first_seen', 'last_seen'],
        'intrusion-set': ['first_seen', 'last_seen'],
        'language-content': ['object_modified'],
        'malware': ['first_seen', 'last_seen'],
        'malware-analysis': ['submitted', 'analysis_started',
                             'analysis_ended'],
        'observed-data': ['first_observed', 'last_observed'],
        'report': ['published'],
        'relationship': ['start_time', 'stop_time'],
        'sighting': ['first_seen', 'last_seen'],
        'threat-actor': ['first_seen', 'last_seen'],
        'directory': ['ctime', 'mtime', 'atime'],
        'email-message': ['date'],
        'file': ['ctime', 'mtime', 'atime'],
        'network-traffic': ['start', 'end'],
        'process': ['created_time'],
        'user-account': ['account_created', 'account_expires',
                         'credential_last_changed', 'account_first_login',
                         'account_last_login'],
        'windows-registry-key': ['modified_time'],
        'x509-certificate': ['validity_not_before', 'validity_not_after'],
    },
}
EMBEDDED_TIMESTAMPS = {  # (property or extension, [timestamp names])
    'x509-certificate': ('x509_v3_extensions',
                         ['private_key_usage_period_not_before',
                          'private_key_usage_period_not_after']),
    'file': ('windows-pebinary-ext', ['time_date_stamp']),
}
# (first, op, second): 2.1 sections 3.2, 4.x, 6.12 (validator musts
# timestamp_compare, observable_timestamp_compare; 2.0 modified_created).
TIMESTAMP_ORDER = {
    'campaign': [('last_seen', '>=', 'first_seen')],
    'indicator': [('valid_until', '>', 'valid_from')],
    'infrastructure': [('last_seen', '>=', 'first_seen')],
    'intrusion-set': [('last_seen', '>=', 'first_seen')],
    'malware': [('last_seen', '>=', 'first_seen')],
    'observed-data': [('last_observed', '>=', 'first_observed')],
    'relationship': [('stop_time', '>', 'start_time')],
    'sighting': [('last_seen', '>=', 'first_seen')],
    'threat-actor': [('last_seen', '>=', 'first_seen')],
    'network-traffic': [('end', '>', 'start')],
}

# Hashes.  2.0 Part 1 section 6.1 (hash-algorithm-ov) and the 2.0
# hashes-type schema; 2.1 section 10.5 (hash-algorithm-ov).  Lengths in hex
# digits (case-insensitive).
HASH_ALGORITHMS = {
    '2.0': ['MD5', 'MD6', 'RIPEMD-160', 'SHA-1', 'SHA-224', 'SHA-256',
            'SHA-384', 'SHA-512', 'SHA3-224', 'SHA3-256', 'SHA3-384',
            'SHA3-512', 'ssdeep', 'WHIRLPOOL'],
    '2.1': ['MD5', 'SHA-1', 'SHA-256', 'SHA-512', 'SHA3-256', 'SHA3-512',
            'SSDEEP', 'TLSH'],
}
HASH_HEX_LENGTHS = {
    'MD5': (32,), 'MD6': (32, 40, 56, 64, 96, 128), 'RIPEMD-160': (40,),
    'SHA-1': (40,), 'SHA-224': (56,), 'SHA-256': (64,), 'SHA-384': (96,),
    'SHA-512': (128,), 'SHA3-224': (56,), 'SHA3-256': (64,),
    'SHA3-384': (96,), 'SHA3-512': (128,), 'WHIRLPOOL': (128,),
}
HEX_RE = re.compile(r'^[0-9a-fA-F]+$')
SSDEEP_RE = re.compile(r'^[a-zA-Z0-9/+:.]{1,128}$')

# Open vocabularies checked by default (validator 213): identity-class-ov,
# 2.0 Part 2 section 6.4 / 2.1 section 10.7.
IDENTITY_CLASS_OV = {
    '2.0': ['individual', 'group', 'organization', 'class', 'unknown'],
    '2.1': ['individual', 'group', 'system', 'organization', 'class',
            'unknown'],
}

# Dictionary properties whose keys are not required to be lowercase
# (validator OBSERVABLE_DICT_KEY_EXCEPTIONS).
DICT_KEY_EXCEPTIONS = ('hashes', 'file_header_hashes', 'request_header',
                       'additional_header_fields', 'document_info_dict',
                       'exif_tags', 'ipfix', 'options',
                       'environment_variables', 'key', 'startup_info')

# Reference properties whose target type the spec restricts: (object type,
# property) -> allowed types.  2.0 Part 4 / 2.1 section 6 (and the
# validator's OBSERVABLE_PROP_REFS); None as object type: any object.
# 2.0 references inside observables name keys of the objects dictionary.
_REF_BOTH = {
    ('directory', 'contains_refs'): ['file', 'directory'],
    ('domain-name', 'resolves_to_refs'): ['ipv4-addr', 'ipv6-addr', 'domain-name'],
    ('email-addr', 'belongs_to_ref'): ['user-account'],
    ('email-message', 'from_ref'): ['email-addr'],
    ('email-message', 'sender_ref'): ['email-addr'],
    ('email-message', 'to_refs'): ['email-addr'],
    ('email-message', 'cc_refs'): ['email-addr'],
    ('email-message', 'bcc_refs'): ['email-addr'],
    ('email-message', 'raw_email_ref'): ['artifact'],
    ('file', 'parent_directory_ref'): ['directory'],
    ('file', 'content_ref'): ['artifact'],
    ('ipv4-addr', 'resolves_to_refs'): ['mac-addr'],
    ('ipv4-addr', 'belongs_to_refs'): ['autonomous-system'],
    ('ipv6-addr', 'resolves_to_refs'): ['mac-addr'],
    ('ipv6-addr', 'belongs_to_refs'): ['autonomous-system'],
    ('network-traffic', 'src_ref'): ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
    ('network-traffic', 'dst_ref'): ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
    ('network-traffic', 'src_payload_ref'): ['artifact'],
    ('network-traffic', 'dst_payload_ref'): ['artifact'],
    ('network-traffic', 'encapsulates_refs'): ['network-traffic'],
    ('network-traffic', 'encapsulated_by_ref'): ['network-traffic'],
    ('process', 'opened_connection_refs'): ['network-traffic'],
    ('process', 'creator_user_ref'): ['user-account'],
    ('process', 'parent_ref'): ['process'],
    ('process', 'child_refs'): ['process'],
    ('windows-registry-key', 'creator_user_ref'): ['user-account'],
    ('archive-ext', 'contains_refs'): ['file'],
    ('http-request-ext', 'message_body_data_ref'): ['artifact'],
    ('windows-service-ext', 'service_dll_refs'): ['file'],
    (None, 'created_by_ref'): ['identity'],
    (None, 'object_marking_refs'): ['marking-definition'],
    ('sighting', 'observed_data_refs'): ['observed-data'],
}
REF_TYPES = {'2.0': dict(_REF_BOTH), '2.1': dict(_REF_BOTH)}
REF_TYPES['2.0'].update({
    ('process', 'binary_ref'): ['file'],
    ('sighting', 'where_sighted_refs'): ['identity'],
})
REF_TYPES['2.1'].update({
    ('process', 'image_ref'): ['file'],
    ('sighting', 'where_sighted_refs'): ['identity', 'location'],
    ('malware', 'operating_system_refs'): ['software'],
    ('malware', 'sample_refs'): ['file', 'artifact'],
    ('malware-analysis', 'host_vm_ref'): ['software'],
    ('malware-analysis', 'operating_system_ref'): ['software'],
    ('malware-analysis', 'installed_software_refs'): ['software'],
    ('malware-analysis', 'sample_ref'): ['file', 'network-traffic', 'artifact'],
    ('language-content', 'object_ref'): None,
})


# ---------------------------------------------------------------------------
# Helpers.
# ---------------------------------------------------------------------------

class Ctx(object):
    """What one check of one file needs: its name, the STIX version, the
    findings so far, and the top-level objects by id."""

    def __init__(self, name, version):
        self.name = name
        self.version = version
        self.findings = []
        self.by_id = {}

    def add(self, obj_id, cls, msg):
        self.findings.append(Finding(self.name, obj_id, cls,
                                     CLASSES[cls][0], msg))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def describe(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'a boolean'
    if isinstance(v, (int, float)):
        return 'the number %s' % json.dumps(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return 'a JSON %s' % ('array' if isinstance(v, list) else 'object')


def oid_of(obj):
    i = obj.get('id') if isinstance(obj, dict) else None
    return i if isinstance(i, str) else '?'


def spec_type(version, t):
    """'sdo', 'sro', 'meta', 'sco' or None (custom)."""
    if t in SCO_PROPERTIES[version]:
        return 'sco'
    if t in SROS:
        return 'sro'
    if t in META:
        return 'meta'
    if t in SDO_PROPERTIES[version]:
        return 'sdo'
    return None


def kind_21(obj):
    """How the validator treats a 2.1 top-level object: spec kinds, or
    'custom-sdo' (has created or modified: the core schema) or 'custom-sco'
    (the cyber-observable-core schema)."""
    k = spec_type('2.1', obj.get('type'))
    if k:
        return k
    if 'created' in obj or 'modified' in obj:
        return 'custom-sdo'
    return 'custom-sco'


def parse_timestamp(v):
    """None if v is a valid STIX timestamp, else why not."""
    if not isinstance(v, str):
        return '%s is not a timestamp string' % describe(v)
    m = TIMESTAMP_RE.match(v)
    if not m:
        return '%s is not YYYY-MM-DDTHH:MM:SS[.s+]Z' % describe(v)
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    try:
        datetime.datetime(y, mo, d, h, mi, s)
    except ValueError as e:
        return '%s is not a valid timestamp: %s' % (describe(v), e)
    return None


def ts_key(v):
    """A sortable form of a valid timestamp (fraction as a decimal)."""
    m = TIMESTAMP_RE.match(v)
    frac = m.group(7) or '.0'
    return (m.group(0)[:19], float('0' + frac))


def id_uuid(i):
    m = ID_RE.match(i) if isinstance(i, str) else None
    if not m:
        return None
    return uuid.UUID(m.group(2))


# ---------------------------------------------------------------------------
# Checks, one property family each.
# ---------------------------------------------------------------------------

def check_type_name(ctx, oid, t, where=''):
    """Type name syntax (error) and, for custom types, the x- prefix
    (warning)."""
    if not isinstance(t, str):
        ctx.add(oid, 'type-name', '%stype is %s, not a string'
                % (where, describe(t)))
        return False
    if not TYPE_NAME_RE.match(t) or not 3 <= len(t) <= 250:
        ctx.add(oid, 'type-name', '%stype %s does not match '
                '^-?[a-z0-9]+(-[a-z0-9]+)*-?$ with 3 to 250 characters'
                % (where, json.dumps(t)))
        return False
    if t in RESERVED_TYPES[ctx.version]:
        ctx.add(oid, 'type-name', '%stype %s is reserved' % (where, t))
        return False
    if spec_type(ctx.version, t) is None and t != 'bundle' and \
            not CUSTOM_TYPE_PREFIX_RE.match(t):
        ctx.add(oid, 'custom-object-prefix', '%scustom type %s should start '
                'with x- followed by a source and a hyphen' % (where, t))
    return True


def check_id(ctx, obj):
    """<type>--<RFC 4122 UUID>, the type part equal to the type."""
    i = obj.get('id')
    oid = oid_of(obj)
    if 'id' not in obj:
        ctx.add(oid, 'required-property', 'no id')
        return
    if not isinstance(i, str) or not ID_RE.match(i):
        ctx.add(oid, 'id-format', 'id %s is not <type>--<uuid>'
                % describe(i))
        return
    t, u = ID_RE.match(i).groups()
    if t != obj.get('type'):
        ctx.add(oid, 'id-format', 'id type %s is not the object type %s'
                % (json.dumps(t), json.dumps(obj.get('type'))))
    if ctx.version == '2.0' and not ID_TYPE_20_RE.match(t):
        ctx.add(oid, 'id-format', 'the 2.0 identifier pattern allows only '
                '[a-z][a-z-]+[a-z] before --: %s' % json.dumps(t))
    if uuid.UUID(u).variant != uuid.RFC_4122:
        ctx.add(oid, 'id-format', 'UUID %s is not an RFC 4122 UUID '
                '(variant bits)' % u)


def check_uuid_version(ctx, obj, kind):
    """UUID versions: MUSTs (error) and the validator's uuid-check SHOULD
    (warning)."""
    u = id_uuid(obj.get('id'))
    if u is None:
        return
    oid = obj['id']
    t = obj.get('type')
    if ctx.version == '2.0':
        if u.version != 4:
            ctx.add(oid, 'uuid-check', 'STIX 2.0 identifiers are UUIDv4; '
                    'this one is version %s' % u.version)
        return
    if t == 'process':
        if u.version != 4:
            ctx.add(oid, 'uuid-version', 'a process id MUST be a UUIDv4 '
                    '(process has no ID-contributing properties); this one '
                    'is version %s' % u.version)
        return
    if t in OPTIONAL_CONTRIBUTING_21 and \
            not any(p in obj for p in ID_CONTRIBUTING_21[t]):
        if u.version != 4:
            ctx.add(oid, 'uuid-version', 'none of the ID-contributing '
                    'properties (%s) is present: the id MUST be a UUIDv4, not '
                    'version %s' % (', '.join(ID_CONTRIBUTING_21[t]),
                                    u.version))
        return
    if kind == 'sco':
        if u.version != 5:
            ctx.add(oid, 'uuid-check', 'an SCO id should be a UUIDv5 of its '
                    'ID-contributing properties; this one is version %s'
                    % u.version)
    elif u.version != 4:
        ctx.add(oid, 'uuid-check', 'the id should be a UUIDv4; this one is '
                'version %s' % u.version)


def check_spec_version(ctx, obj, kind):
    """2.1: spec_version "2.1" on SDOs/SROs/meta/custom SDOs; optional on
    SCOs but "2.1" when there."""
    oid = oid_of(obj)
    if 'spec_version' not in obj:
        if kind in ('sdo', 'sro', 'meta', 'custom-sdo'):
            ctx.add(oid, 'spec-version', 'no spec_version (required on %s '
                    'objects)' % kind.replace('custom-', 'custom '))
        return
    if obj['spec_version'] != '2.1':
        ctx.add(oid, 'spec-version', 'spec_version is %s, not "2.1"'
                % describe(obj['spec_version']))


def check_property_names(ctx, oid, props, known, where='', prefix=True):
    """Syntax of every property name (error); custom properties of spec
    objects start with x_<source>_ (warning)."""
    for p in props:
        if p in known:
            continue
        if p == 'id':
            continue
        if not PROPERTY_NAME_RE.match(p):
            ctx.add(oid, 'property-name', '%sproperty name %s does not match '
                    '^[a-z0-9_]{3,250}$' % (where, json.dumps(p)))
        elif prefix and not CUSTOM_PROPERTY_PREFIX_RE.match(p):
            ctx.add(oid, 'custom-property-prefix', '%scustom property %s '
                    'should start with x_ followed by a source and an '
                    'underscore' % (where, p))


def check_reserved(ctx, oid, obj, where=''):
    for p in RESERVED_PROPERTIES[ctx.version]:
        if p in obj:
            ctx.add(oid, 'reserved-property', '%s%s is a reserved property '
                    'name' % (where, p))


def check_empty_values(ctx, oid, obj, where=''):
    """null or [] as a property value, at the top or in an extension."""
    for p, v in obj.items():
        if v is None or v == []:
            ctx.add(oid, 'empty-value', '%s%s is %s' % (
                where, p, 'null' if v is None else 'an empty list'))
    exts = obj.get('extensions')
    if isinstance(exts, dict):
        for e, ev in exts.items():
            if not isinstance(ev, dict) or not ev:
                ctx.add(oid, 'empty-value' if ev in (None, {}) else
                        'value-format', '%sextension %s is %s' % (
                            where, e, 'an empty object' if ev == {}
                            else describe(ev)))
                continue
            for p, v in ev.items():
                if v is None or v == []:
                    ctx.add(oid, 'empty-value', '%sextension %s: %s is %s'
                            % (where, e, p, 'null' if v is None
                               else 'an empty list'))


def check_timestamp_value(ctx, oid, name, v, where=''):
    why = parse_timestamp(v)
    if why:
        ctx.add(oid, 'timestamp-format', '%s%s: %s' % (where, name, why))
        return False
    return True


def check_timestamps(ctx, oid, obj, t, sdo_like, where=''):
    """Every timestamp-typed property of the object; created/modified
    precision of SDOs; the order rules."""
    names = list(TIMESTAMPS[ctx.version].get(t, []))
    if sdo_like or ctx.version == '2.1':
        names = ['created', 'modified'] + [n for n in names
                                           if n not in ('created',
                                                        'modified')]
    valid = {}
    for n in names:
        if n in obj and check_timestamp_value(ctx, oid, n, obj[n], where):
            valid[n] = obj[n]
    if sdo_like:
        for n in ('created', 'modified'):
            if n in valid:
                frac = TIMESTAMP_RE.match(valid[n]).group(7) or ''
                if len(frac) < 4 or frac[4:].strip('0'):
                    ctx.add(oid, 'timestamp-precision', '%s%s %s is not '
                            'precise to the millisecond'
                            % (where, n, valid[n]))
    emb = EMBEDDED_TIMESTAMPS.get(t)
    if emb:
        holder = obj.get(emb[0])
        if holder is None and isinstance(obj.get('extensions'), dict):
            holder = obj['extensions'].get(emb[0])
        if isinstance(holder, dict):
            for n in emb[1]:
                if n in holder:
                    check_timestamp_value(ctx, oid, n, holder[n],
                                          '%s%s: ' % (where, emb[0]))
    orders = list(TIMESTAMP_ORDER.get(t, []))
    if sdo_like:
        orders.append(('modified', '>=', 'created'))
    for first, op, second in orders:
        if first in valid and second in valid:
            a, b = ts_key(valid[first]), ts_key(valid[second])
            if (op == '>=' and a < b) or (op == '>' and a <= b):
                ctx.add(oid, 'timestamp-order', '%s%s (%s) must be %s %s '
                        '(%s)' % (where, first, valid[first],
                                  'later than or equal to' if op == '>='
                                  else 'later than', second, valid[second]))


def check_hashes(ctx, oid, hashes, where):
    """Values against their algorithm (error), names against the vocabulary
    (warning)."""
    if not isinstance(hashes, dict) or not hashes:
        ctx.add(oid, 'hash-format', '%shashes is %s, not a non-empty '
                'dictionary' % (where, 'an empty dictionary'
                                if hashes == {} else describe(hashes)))
        return
    for k, v in hashes.items():
        if k not in HASH_ALGORITHMS[ctx.version] and not k.startswith('x_'):
            ctx.add(oid, 'hash-algorithm', '%shash name %s is not in '
                    'hash-algorithm-ov and does not start with x_'
                    % (where, json.dumps(k)))
        if not isinstance(v, str) or v == '':
            ctx.add(oid, 'hash-format', '%s%s is %s' % (
                where, k, 'empty' if v == '' else describe(v)))
            continue
        lengths = HASH_HEX_LENGTHS.get(k)
        if lengths and (not HEX_RE.match(v) or len(v) not in lengths):
            ctx.add(oid, 'hash-format', '%s%s %s is not %s hexadecimal '
                    'digits' % (where, k, json.dumps(v), ' or '.join(
                        str(n) for n in lengths)))
        elif k in ('ssdeep', 'SSDEEP') and not SSDEEP_RE.match(v):
            ctx.add(oid, 'hash-format', '%s%s %s is not an ssdeep hash'
                    % (where, k, json.dumps(v)))


def check_all_hashes(ctx, oid, obj, where):
    if 'hashes' in obj:
        check_hashes(ctx, oid, obj['hashes'], where + 'hashes: ')
    exts = obj.get('extensions')
    if not isinstance(exts, dict):
        return
    ntfs = exts.get('ntfs-ext')
    if isinstance(ntfs, dict) and isinstance(
            ntfs.get('alternate_data_streams'), list):
        for i, ads in enumerate(ntfs['alternate_data_streams']):
            if isinstance(ads, dict) and 'hashes' in ads:
                check_hashes(ctx, oid, ads['hashes'], '%sntfs-ext: '
                             'alternate_data_streams[%d].hashes: ' % (where, i))
    pe = exts.get('windows-pebinary-ext')
    if isinstance(pe, dict):
        if 'file_header_hashes' in pe:
            check_hashes(ctx, oid, pe['file_header_hashes'], where +
                         'windows-pebinary-ext: file_header_hashes: ')
        oh = pe.get('optional_header')
        if isinstance(oh, dict) and 'hashes' in oh:
            check_hashes(ctx, oid, oh['hashes'], where +
                         'windows-pebinary-ext: optional_header.hashes: ')
        for i, s in enumerate(pe.get('sections') or []):
            if isinstance(s, dict) and 'hashes' in s:
                check_hashes(ctx, oid, s['hashes'], '%swindows-pebinary-ext: '
                             'sections[%d].hashes: ' % (where, i))


def check_extensions(ctx, oid, obj, t, where):
    """Extension keys (error: syntax; warning: x- prefix), the properties of
    each extension (names, custom prefixes in spec extensions)."""
    exts = obj.get('extensions')
    if exts is None:
        return
    if not isinstance(exts, dict):
        ctx.add(oid, 'value-format', '%sextensions is %s, not a dictionary'
                % (where, describe(exts)))
        return
    spec_exts = SPEC_EXTENSIONS.get(t, [])
    for key, ext in exts.items():
        w = '%sextension %s: ' % (where, key)
        if ctx.version == '2.1':
            if not EXT_KEY_21_RE.match(key):
                ctx.add(oid, 'extension-key', '%skey must end in -ext or be '
                        'an extension-definition id' % w)
            elif EXT_DEF_KEY_RE.match(key):
                et = ext.get('extension_type') if isinstance(ext, dict) \
                    else None
                if et is not None and et not in EXTENSION_TYPES:
                    ctx.add(oid, 'extension-type', '%sextension_type %s is '
                            'not one of %s' % (w, describe(et),
                                               ', '.join(EXTENSION_TYPES)))
                elif et is None and isinstance(ext, dict):
                    ctx.add(oid, 'extension-type', '%sno extension_type' % w)
            elif key not in spec_exts:
                if t in SPEC_EXTENSIONS and \
                        not CUSTOM_EXT_PREFIX_21_RE.match(key):
                    ctx.add(oid, 'custom-extension-prefix', '%scustom '
                            'extension should be named x-<source>-<name>-ext'
                            % w)
                ctx.add(oid, 'extensions-use', '%scustom extension should be '
                        'an extension-definition (keyed by its id)' % w)
        elif key not in spec_exts:
            if not TYPE_NAME_RE.match(key) or not 3 <= len(key) <= 250:
                ctx.add(oid, 'extension-key', '%scustom extension name does '
                        'not match ^-?[a-z0-9]+(-[a-z0-9]+)*-?$ with 3 to 250 '
                        'characters' % w)
            elif t in SPEC_EXTENSIONS and \
                    not CUSTOM_TYPE_PREFIX_RE.match(key):
                ctx.add(oid, 'custom-extension-prefix', '%scustom extension '
                        'should be named x-<source>-<name>' % w)
        if not isinstance(ext, dict):
            continue
        known = EXTENSION_PROPERTIES[ctx.version].get(key)
        if key in spec_exts and known is not None:
            check_property_names(ctx, oid, ext, known, w)
        else:
            # Custom extension: the spec's property-name rules, no prefix.
            check_property_names(ctx, oid, ext, ['extension_type'], w,
                                 prefix=False)


def check_dictionary_keys(ctx, oid, obj, where):
    """Lowercase keys (2.0: at most 30 characters) in dictionaries of the
    observable layer (warning)."""
    def walk(d, path):
        for k, v in d.items():
            if not isinstance(k, str):
                continue
            if any(c.isupper() for c in k):
                ctx.add(oid, 'dictionary-key', '%sdictionary key %s (in %s) '
                        'should be lowercase' % (where, json.dumps(k), path))
            if ctx.version == '2.0' and len(k) > 30:
                ctx.add(oid, 'dictionary-key', '%sdictionary key %s (in %s) '
                        'should be at most 30 characters' % (where,
                                                             json.dumps(k),
                                                             path))
            if isinstance(v, dict) and k not in DICT_KEY_EXCEPTIONS:
                walk(v, path + '.' + k)
    for p, v in obj.items():
        if p in DICT_KEY_EXCEPTIONS or p == 'extensions':
            continue
        if isinstance(v, dict):
            walk(v, p)
    exts = obj.get('extensions')
    if isinstance(exts, dict):
        for e, ev in exts.items():
            if not isinstance(ev, dict):
                continue
            for p, v in ev.items():
                if isinstance(v, dict) and p not in DICT_KEY_EXCEPTIONS:
                    walk(v, e + '.' + p)


def check_value_forms(ctx, oid, obj, t, where):
    """Values of a fixed form (error)."""
    def bad(msg):
        ctx.add(oid, 'value-format', where + msg)
    if t in ('ipv4-addr', 'ipv6-addr') and 'value' in obj:
        v = obj['value']
        ok = isinstance(v, str)
        if ok:
            addr, _, plen = v.partition('/')
            try:
                a = ipaddress.ip_address(addr)
                ok = a.version == (4 if t == 'ipv4-addr' else 6)
            except ValueError:
                ok = False
            if ok and '/' in v:
                ok = bool(CIDR_PREFIX_RE.match(plen)) and \
                    int(plen) <= (32 if t == 'ipv4-addr' else 128)
        if not ok:
            bad('value %s is not an %s address or CIDR block'
                % (describe(v), 'IPv4' if t == 'ipv4-addr' else 'IPv6'))
    if t == 'mac-addr' and 'value' in obj:
        v = obj['value']
        if not isinstance(v, str) or not MAC_RE.match(v):
            bad('value %s is not a lowercase colon-delimited MAC-48 address'
                % describe(v))
    if t == 'network-traffic':
        for p in ('src_port', 'dst_port'):
            if p in obj and (not is_int(obj[p]) or
                             not 0 <= obj[p] <= 65535):
                bad('%s %s is not an integer from 0 to 65535'
                    % (p, describe(obj[p])))
        if obj.get('is_active') is True and 'end' in obj:
            bad('end MUST NOT be present when is_active is true')
    for p in ('size', 'src_byte_count', 'dst_byte_count', 'src_packets',
              'dst_packets', 'number_of_subkeys'):
        if p in obj and t in SCO_PROPERTIES[ctx.version] and \
                (not is_int(obj[p]) or obj[p] < 0):
            bad('%s %s is not a non-negative integer' % (p, describe(obj[p])))
    if t in ('process',) and 'pid' in obj and not is_int(obj['pid']):
        bad('pid %s is not an integer' % describe(obj['pid']))
    if t == 'autonomous-system' and 'number' in obj and \
            not is_int(obj['number']):
        bad('number %s is not an integer' % describe(obj['number']))


def check_network_traffic(ctx, oid, obj, where):
    p = obj.get('protocols')
    if 'protocols' not in obj:
        ctx.add(oid, 'network-traffic-protocols', '%sno protocols' % where)
    elif not isinstance(p, list) or not p or \
            not all(isinstance(x, str) for x in p):
        ctx.add(oid, 'network-traffic-protocols', '%sprotocols is %s, not a '
                'non-empty list of strings' % (where, describe(p)))
    else:
        for x in p:
            if not PROTOCOL_RE.match(x):
                ctx.add(oid, 'protocols', '%sprotocol %s should be a '
                        'lowercase IANA service name' % (where, json.dumps(x)))
    if 'src_ref' not in obj and 'dst_ref' not in obj:
        ctx.add(oid, 'network-traffic-refs', '%sneither src_ref nor dst_ref'
                % where)
    if 'src_port' not in obj or 'dst_port' not in obj:
        ctx.add(oid, 'network-traffic-ports', '%sshould have both src_port '
                'and dst_port (has %s)' % (where, ' and '.join(
                    q for q in ('src_port', 'dst_port') if q in obj) or
                    'neither'))


def check_sco_required(ctx, oid, obj, t, where):
    for alternatives in SCO_REQUIRED[ctx.version].get(t, []):
        if not any(a in obj for a in alternatives):
            ctx.add(oid, 'required-property', '%s%s needs %s' % (
                where, t, ' or '.join(alternatives) if len(alternatives) > 1
                else alternatives[0]))
    if ctx.version == '2.1' and t in SCO_AT_LEAST_ONE_21:
        own = [p for p in obj if p in SCO_PROPERTIES['2.1'][t] or
               (t == 'process' and p == 'extensions' and obj[p])]
        if not own:
            ctx.add(oid, 'required-property', '%s%s MUST have at least one '
                    'property of its own%s' % (where, t, ' or of an extension'
                                              if t == 'process' else ''))
    if t == 'artifact' and 'payload_bin' in obj and 'url' in obj:
        ctx.add(oid, 'required-property', '%sartifact has both payload_bin '
                'and url' % where)
    if t == 'artifact' and 'url' in obj and 'hashes' not in obj:
        ctx.add(oid, 'required-property', '%sartifact with url needs hashes'
                % where)
    if t == 'network-traffic':
        check_network_traffic(ctx, oid, obj, where)


def check_sco(ctx, oid, obj, where, embedded):
    """Everything about one cyber-observable object: embedded in an
    observed-data's objects (2.0, deprecated 2.1), or a 2.1 top-level SCO or
    custom SCO (whose type, id and references are checked by the caller)."""
    t = obj.get('type')
    v = ctx.version
    if embedded and not check_type_name(ctx, oid, t, where):
        return
    custom = t not in SCO_PROPERTIES[v]
    known = SCO_COMMON[v] + SCO_PROPERTIES[v].get(t, [])
    check_property_names(ctx, oid, obj, known, where, prefix=not custom)
    if v == '2.1' and not custom:
        extra = [p for p in obj if p not in known]
        if extra and not toplevel_extension(obj):
            ctx.add(oid, 'extensions-use', '%scustom properties %s should be '
                    'defined by a toplevel-property-extension'
                    % (where, ', '.join(extra)))
    check_empty_values(ctx, oid, obj, where)
    check_sco_required(ctx, oid, obj, t, where)
    check_timestamps(ctx, oid, obj, t, False, where)
    check_all_hashes(ctx, oid, obj, where)
    check_extensions(ctx, oid, obj, t, where)
    check_value_forms(ctx, oid, obj, t, where)
    check_dictionary_keys(ctx, oid, obj, where)


def toplevel_extension(obj):
    exts = obj.get('extensions')
    return isinstance(exts, dict) and any(
        EXT_DEF_KEY_RE.match(k) and isinstance(v, dict) and
        v.get('extension_type') == 'toplevel-property-extension'
        for k, v in exts.items())


def new_object_extension(obj):
    exts = obj.get('extensions')
    return isinstance(exts, dict) and any(
        EXT_DEF_KEY_RE.match(k) and isinstance(v, dict) and
        v.get('extension_type') in ('new-sdo', 'new-sco', 'new-sro')
        for k, v in exts.items())


def ref_props(obj):
    """(property, [values]) of the reference properties of an object, its
    extensions included (as (extension, property))."""
    out = []
    for p, v in obj.items():
        if p.endswith('_ref') or p.endswith('_refs'):
            out.append((None, p, v))
    exts = obj.get('extensions')
    if isinstance(exts, dict):
        for e, ev in exts.items():
            if isinstance(ev, dict):
                for p, v in ev.items():
                    if p.endswith('_ref') or p.endswith('_refs'):
                        out.append((e, p, v))
    return out


def ref_values(p, v):
    """The referenced values, and whether the form (string / list of
    strings) is right."""
    if p.endswith('_refs'):
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return v, True
        return [x for x in v if isinstance(x, str)] if isinstance(v, list) \
            else [], False
    if isinstance(v, str):
        return [v], True
    return [], False


def allowed_types(version, t, ext, p):
    table = REF_TYPES[version]
    if ext is not None and (ext, p) in table:
        return table[(ext, p)]
    if ext is None and (t, p) in table:
        return table[(t, p)]
    if (None, p) in table:
        return table[(None, p)]
    return None


def check_refs_in_objects(ctx, od):
    """References in the observables of an observed-data's objects (2.0, or
    the deprecated 2.1 form) name keys of the same objects dictionary, of an
    allowed type (2.0 Part 3 section 3.3; validator
    observable_object_references)."""
    objects = od.get('objects')
    oid = oid_of(od)
    for key, obj in objects.items():
        if not isinstance(obj, dict):
            continue
        t = obj.get('type')
        for ext, p, v in ref_props(obj):
            w = "objects['%s'] (%s): %s%s" % (key, t, ext + ': ' if ext
                                              else '', p)
            vals, ok = ref_values(p, v)
            if not ok:
                ctx.add(oid, 'ref-target', '%s is %s, not %s' % (
                    w, describe(v), 'a list of keys' if p.endswith('_refs')
                    else 'a key'))
            for r in vals:
                if r not in objects:
                    ctx.add(oid, 'ref-target', '%s: %s is not a key of '
                            'objects' % (w, json.dumps(r)))
                    continue
                allowed = allowed_types(ctx.version, t, ext, p)
                rt = objects[r].get('type') if isinstance(objects[r], dict) \
                    else None
                if allowed and rt not in allowed:
                    ctx.add(oid, 'ref-target', "%s: objects['%s'] is a %s, "
                            "not %s" % (w, r, rt, ' or '.join(allowed)))


def check_refs_top(ctx, obj):
    """References of a top-level object: identifiers (2.1 everywhere, 2.0
    on SDOs/SROs), of an allowed type (error), present in the file
    (warning)."""
    oid = oid_of(obj)
    t = obj.get('type')
    for ext, p, v in ref_props(obj):
        w = '%s%s' % (ext + ': ' if ext else '', p)
        vals, ok = ref_values(p, v)
        if not ok:
            ctx.add(oid, 'ref-target', '%s is %s, not %s' % (
                w, describe(v), 'a list of identifiers' if p.endswith('_refs')
                else 'an identifier'))
        allowed = allowed_types(ctx.version, t, ext, p)
        for r in vals:
            m = ID_RE.match(r)
            if not m:
                ctx.add(oid, 'ref-target', '%s: %s is not an identifier'
                        % (w, json.dumps(r)))
                continue
            rt = m.group(1)
            if allowed and rt not in allowed:
                ctx.add(oid, 'ref-target', '%s: %s is not %s' % (
                    w, r, ' or '.join(allowed)))
            if t == 'observed-data' and p == 'object_refs' and \
                    spec_type(ctx.version, rt) == 'sdo':
                ctx.add(oid, 'ref-target', 'object_refs: %s is an SDO; '
                        'object_refs lists SCOs and SROs' % r)
            if r not in ctx.by_id:
                ctx.add(oid, 'ref-missing', '%s: %s is not in the file'
                        % (w, r))
            elif ctx.by_id[r].get('type') != rt:
                ctx.add(oid, 'ref-target', '%s: %s names an object of type '
                        '%s' % (w, r, ctx.by_id[r].get('type')))


def check_identity(ctx, obj):
    oid = oid_of(obj)
    req = ['name', 'identity_class'] if ctx.version == '2.0' else ['name']
    for p in req:
        if p not in obj:
            ctx.add(oid, 'identity-required', 'identity has no %s' % p)
        elif not isinstance(obj[p], str):
            ctx.add(oid, 'identity-required', 'identity %s is %s, not a '
                    'string' % (p, describe(obj[p])))
    ic = obj.get('identity_class')
    if isinstance(ic, str) and ic not in IDENTITY_CLASS_OV[ctx.version]:
        ctx.add(oid, 'identity-class', 'identity_class %s is not in '
                'identity-class-ov (%s)' % (json.dumps(ic), ', '.join(
                    IDENTITY_CLASS_OV[ctx.version])))


def check_observed_data(ctx, obj):
    oid = oid_of(obj)
    n = obj.get('number_observed')
    if 'number_observed' in obj and (not is_int(n) or
                                     not 1 <= n <= 999999999):
        ctx.add(oid, 'value-format', 'number_observed %s is not an integer '
                'from 1 to 999,999,999' % describe(n))
    objects = obj.get('objects')
    if 'objects' in obj:
        # 2.0, and the deprecated 2.1 form: observables keyed by numbers.
        if not isinstance(objects, dict) or not objects:
            ctx.add(oid, 'value-format', 'objects is %s, not a non-empty '
                    'dictionary' % ('empty' if objects == {}
                                    else describe(objects)))
            objects = {}
        for key, sco in objects.items():
            where = "objects['%s'] (%s): " % (
                key, sco.get('type') if isinstance(sco, dict) else '?')
            if not re.match(r'^\d+$', key):
                ctx.add(oid, 'observable-object-keys', "objects key %s "
                        "should be a non-negative integer" % json.dumps(key))
            if not isinstance(sco, dict) or 'type' not in sco:
                ctx.add(oid, 'required-property', '%sobservable is %s, '
                        'without a type' % (where, describe(sco)))
                continue
            check_sco(ctx, oid, sco, where, True)
        check_refs_in_objects(ctx, obj)
    if ctx.version == '2.0':
        return
    refs = obj.get('object_refs')
    if 'objects' in obj:
        ctx.add(oid, 'deprecated-property', 'objects is deprecated in 2.1; '
                'use object_refs')
        if 'object_refs' in obj:
            ctx.add(oid, 'value-format', 'objects and object_refs MUST NOT '
                    'both be present')
    elif 'object_refs' not in obj:
        ctx.add(oid, 'required-property', 'observed-data needs object_refs')
    elif not isinstance(refs, list) or not refs:
        ctx.add(oid, 'value-format', 'object_refs is %s, not a non-empty '
                'list' % describe(refs))


def check_top_object(ctx, obj):
    """One top-level object of the file."""
    oid = oid_of(obj)
    t = obj.get('type')
    v = ctx.version
    if not check_type_name(ctx, oid, t):
        check_id(ctx, obj)
        return
    check_id(ctx, obj)
    if v == '2.0':
        kind = spec_type(v, t)
        if kind == 'sco':
            ctx.add(oid, 'json', 'a 2.0 cyber observable (%s) cannot be a '
                    'top-level object; it belongs in an observed-data' % t)
            return
        kind = kind or 'custom-sdo'
    else:
        kind = kind_21(obj)
        check_spec_version(ctx, obj, kind)
    check_uuid_version(ctx, obj, kind)
    if kind in ('sco', 'custom-sco'):
        check_sco(ctx, oid, obj, '', False)
        if kind == 'custom-sco' and not new_object_extension(obj):
            ctx.add(oid, 'extensions-use', 'custom object type %s should be '
                    'defined by an extension-definition (new-sco)' % t)
        check_refs_top(ctx, obj)
        return
    # SDO, SRO, meta object, custom SDO.
    known = SDO_COMMON[v] + SDO_PROPERTIES[v].get(t, [])
    if t == 'marking-definition':
        known = [p for p in known if p not in ('modified', 'revoked',
                                               'labels', 'confidence')]
    check_property_names(ctx, oid, obj, known, '',
                         prefix=kind != 'custom-sdo')
    check_reserved(ctx, oid, obj)
    if v == '2.1':
        extra = [p for p in obj if p not in known]
        if kind == 'custom-sdo':
            if not new_object_extension(obj):
                ctx.add(oid, 'extensions-use', 'custom object type %s should '
                        'be defined by an extension-definition (new-sdo)' % t)
        elif extra and not toplevel_extension(obj):
            ctx.add(oid, 'extensions-use', 'custom properties %s should be '
                    'defined by a toplevel-property-extension'
                    % ', '.join(extra))
    check_empty_values(ctx, oid, obj)
    required = ['created'] + ([] if t == 'marking-definition'
                              else ['modified'])
    for p in required:
        if p not in obj:
            if kind == 'custom-sdo' and v == '2.1' and p == 'modified':
                ctx.add(oid, 'custom-sdo-modified', 'a custom object with '
                        'created is a custom SDO and needs modified')
            else:
                ctx.add(oid, 'required-property', '%s needs %s' % (t, p))
    if t == 'identity':
        check_identity(ctx, obj)
    else:
        for p in SDO_REQUIRED[v].get(t, []):
            if p not in obj:
                ctx.add(oid, 'required-property', '%s needs %s' % (t, p))
    check_timestamps(ctx, oid, obj, t, True)
    if t == 'observed-data':
        check_observed_data(ctx, obj)
    if 'extensions' in obj:
        check_extensions(ctx, oid, obj, t, '')
    check_refs_top(ctx, obj)


def check_bundle(ctx, b):
    if b.get('type') != 'bundle':
        ctx.add('bundle', 'bundle', 'type is %s, not "bundle"'
                % describe(b.get('type')))
    i = b.get('id')
    if not isinstance(i, str) or not re.match(r'^bundle--' + UUID_RE + '$',
                                              i):
        ctx.add('bundle', 'bundle', 'id %s is not bundle--<uuid>'
                % describe(i))
    else:
        u = id_uuid(i)
        if u.variant != uuid.RFC_4122:
            ctx.add('bundle', 'id-format', 'bundle UUID is not an RFC 4122 '
                    'UUID')
        elif u.version != 4:
            ctx.add('bundle', 'uuid-check', 'the bundle id should be a '
                    'UUIDv4; this one is version %s' % u.version)
    if ctx.version == '2.0':
        if 'spec_version' not in b:
            ctx.add('bundle', 'bundle', 'a 2.0 bundle needs spec_version')
        elif b['spec_version'] != '2.0':
            ctx.add('bundle', 'bundle', 'spec_version is %s, not "2.0"'
                    % describe(b['spec_version']))
    elif 'spec_version' in b:
        ctx.add('bundle', 'bundle', 'a 2.1 bundle has no spec_version (it '
                'has %s)' % describe(b['spec_version']))
    for p in b:
        if p not in ('type', 'id', 'spec_version', 'objects'):
            if not PROPERTY_NAME_RE.match(p):
                ctx.add('bundle', 'property-name', 'property name %s does '
                        'not match ^[a-z0-9_]{3,250}$' % json.dumps(p))
    objs = b.get('objects', [])
    if not isinstance(objs, list):
        ctx.add('bundle', 'bundle', 'objects is %s, not a list'
                % describe(objs))
        return []
    if 'objects' in b and not objs:
        ctx.add('bundle', 'bundle', 'objects is an empty list')
    return objs


def check_duplicates(ctx, objs):
    seen = {}
    for o in objs:
        i = o.get('id')
        if not isinstance(i, str) or 'modified' not in o:
            continue
        if (i, json.dumps(o['modified'])) in seen:
            ctx.add(i, 'duplicate-id', 'two objects with this id and the '
                    'same modified %s' % describe(o['modified']))
        seen[(i, json.dumps(o['modified']))] = True


def check_values(values, version='2.0', name='-'):
    """Check the parsed JSON values of one file (a bundle, or objects)."""
    ctx = Ctx(name, version)
    if len(values) == 1 and isinstance(values[0], dict) and \
            values[0].get('type') == 'bundle':
        objs = check_bundle(ctx, values[0])
    else:
        objs = []
        for v in values:
            objs.extend(v if isinstance(v, list) else [v])
    good = []
    for o in objs:
        if not isinstance(o, dict) or 'type' not in o:
            ctx.add(oid_of(o), 'json', '%s is not a STIX object (no type)'
                    % describe(o))
            continue
        good.append(o)
        if isinstance(o.get('id'), str):
            ctx.by_id.setdefault(o['id'], o)
    for o in good:
        check_top_object(ctx, o)
    check_duplicates(ctx, good)
    return ctx.findings


def parse_values(text):
    """The JSON values of a text: one document, or several one after the
    other (NDJSON or concatenated)."""
    dec = json.JSONDecoder()
    values = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in ' \t\r\n':
            i += 1
        if i >= n:
            return values
        v, i = dec.raw_decode(text, i)
        values.append(v)


def check_text(text, version='2.0', name='-'):
    try:
        values = parse_values(text)
    except ValueError as e:
        return [Finding(name, 'bundle', 'json', ERROR, 'not JSON: %s' % e)]
    if not values:
        return [Finding(name, 'bundle', 'json', ERROR, 'no JSON value')]
    return check_values(values, version, name)


def format_finding(f):
    return '%s: %s: %s: %s: %s' % (f.file, f.obj, f.cls, f.level, f.msg)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog='stix_conform.py',
        description='Check STIX 2.0 / 2.1 bundles or objects against the '
        'specification, as stix2-validator 3.2 does by default.')
    ap.add_argument('--stix-version', choices=('2.0', '2.1'), default='2.0')
    ap.add_argument('-e', '--errors-only', action='store_true',
                    help='print the errors only')
    ap.add_argument('--classes', action='store_true',
                    help='print the finding classes and their levels')
    ap.add_argument('files', nargs='*', metavar='FILE')
    args = ap.parse_args(argv)
    if args.classes:
        for c, (level, what) in CLASSES.items():
            print('%-26s %-8s %s' % (c, level, what))
        return 0
    if not args.files:
        ap.error('no FILE')
    status = 0
    for fn in args.files:
        try:
            if fn == '-':
                text = sys.stdin.read()
            else:
                with open(fn, encoding='utf-8') as fh:
                    text = fh.read()
        except (OSError, UnicodeDecodeError) as e:
            print('%s: bundle: json: error: %s' % (fn, e))
            status = 1
            continue
        for f in check_text(text, args.stix_version, fn):
            if f.level == ERROR:
                status = 1
            elif args.errors_only:
                continue
            print(format_finding(f))
    return status


if __name__ == '__main__':
    sys.exit(main())

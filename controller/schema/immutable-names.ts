// The target and the Service name fix which objects a Canary generates and
// which Service it hands back on removal. Renaming either in place would
// leave the old objects behind (the old apex Service selecting a primary that
// is then garbage-collected), so the apiserver refuses the change, as it does
// for a Deployment's selector; to rename, delete the Canary (it hands the
// service back) and create a new one. CEL transition rules (oldSelf):
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#transition-rules

const RENAME = 'delete this Canary (it hands the service back to the target) and create one with the new name';

export const IMMUTABLE_TARGET_CEL_RULE = {
  rule: 'self.targetRef.name == oldSelf.targetRef.name',
  message: `spec.targetRef.name cannot change: it names the primary Deployment and the Services Songbird generated; ${RENAME}`,
  fieldPath: '.targetRef.name',
  reason: 'FieldValueForbidden',
} as const;

export const IMMUTABLE_SERVICE_NAME_CEL_RULE = {
  rule: '(has(self.service.name) ? self.service.name : self.targetRef.name) == (has(oldSelf.service.name) ? oldSelf.service.name : oldSelf.targetRef.name)',
  message: `the Service name (spec.service.name, else spec.targetRef.name) cannot change: clients call that Service and Songbird hands it back on removal; ${RENAME}`,
  fieldPath: '.service.name',
  reason: 'FieldValueForbidden',
} as const;

// Package manifest holds no Go code of the build: the manifest validator is
// TypeScript (validate.ts). Its test here checks the shared cases in
// testdata/manifests.json against Mattermost's own model.Manifest, so every
// "valid"/"invalid" verdict the TypeScript tests rely on is Mattermost's.
package manifest

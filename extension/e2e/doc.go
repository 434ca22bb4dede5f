// Package e2e tests the built extension in real browsers: Debian's
// Chromium driven by chromedp, and one check in firefox-esr. A local HTTPS
// server answers for the platforms' real host names (Chromium maps them to
// it with --host-resolver-rules) and serves pages that fetch the real
// payloads of ../shared/fixtures the way the platforms deliver them.
//
// The tests carry the build tag e2e; run them with `make e2e`, which
// builds dist/extension first and keeps the browsers' temp files in .tmp.
package e2e

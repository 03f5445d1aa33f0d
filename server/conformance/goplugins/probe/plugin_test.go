package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/plugin/plugintest"
)

func TestMessageWillBePostedRules(t *testing.T) {
	p := &Plugin{}
	cases := []struct {
		msg, wantMsg, wantReason string
	}{
		{"reject me", "", "rejected by probe"},
		{"dismiss me", "", plugin.DismissPostError},
		{"throw", "", ""},
		{"please rewrite", "please rewrite [rewritten]", ""},
		{"plain", "", ""},
	}
	for _, c := range cases {
		post := &model.Post{Message: c.msg}
		post.AddProp("keep", "me")
		out, reason := p.MessageWillBePosted(nil, post)
		if reason != c.wantReason {
			t.Errorf("%q: reason %q, want %q", c.msg, reason, c.wantReason)
		}
		if c.wantMsg == "" {
			if out != nil {
				t.Errorf("%q: got a post %q, want none", c.msg, out.Message)
			}
			continue
		}
		if out == nil || out.Message != c.wantMsg || out.GetProp("probe") != "yes" || out.GetProp("keep") != "me" {
			t.Errorf("%q: got %+v", c.msg, out)
		}
		if post.Message != c.msg {
			t.Errorf("%q: the original post was changed", c.msg)
		}
	}
}

func TestExecuteCommand(t *testing.T) {
	p := &Plugin{}
	resp, appErr := p.ExecuteCommand(nil, &model.CommandArgs{Command: "/probe echo  hello  world "})
	if appErr != nil || resp.Text != "hello  world" || resp.ResponseType != "ephemeral" {
		t.Errorf("echo: %+v %v", resp, appErr)
	}
	resp, appErr = p.ExecuteCommand(nil, &model.CommandArgs{Command: "/probe fail"})
	if resp != nil || appErr == nil || appErr.Id != "probe.fail" || appErr.StatusCode != 400 {
		t.Errorf("fail: %+v %v", resp, appErr)
	}
	resp, _ = p.ExecuteCommand(nil, &model.CommandArgs{Command: "/probe"})
	if resp.Text != usage {
		t.Errorf("usage: %+v", resp)
	}
}

func TestServeHTTPLocal(t *testing.T) {
	api := &plugintest.API{}
	defer api.AssertExpectations(t)
	api.On("GetUser", "missing").Return(nil, &model.AppError{Id: "x.y", Message: `say "hi"`, StatusCode: 404})
	p := &Plugin{}
	p.SetAPI(api)

	rec := httptest.NewRecorder()
	p.ServeHTTP(nil, rec, httptest.NewRequest(http.MethodGet, "/api-error", nil))
	if rec.Code != 404 || rec.Body.String() != `{"id":"x.y","message":"say \"hi\"","status_code":404}` {
		t.Errorf("api-error: %d %q", rec.Code, rec.Body.String())
	}

	rec = httptest.NewRecorder()
	p.ServeHTTP(nil, rec, httptest.NewRequest(http.MethodGet, "/throw", nil))
	if rec.Code != 500 {
		t.Errorf("throw: %d", rec.Code)
	}

	req := httptest.NewRequest(http.MethodPost, "/echo", strings.NewReader("abc"))
	req.Header.Set("Content-Type", "application/x-probe")
	rec = httptest.NewRecorder()
	p.ServeHTTP(nil, rec, req)
	if rec.Body.String() != "abc" || rec.Header().Get("Content-Type") != "application/x-probe" ||
		rec.Header().Get("X-Body-Sha256") != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("echo: %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}

	rec = httptest.NewRecorder()
	p.ServeHTTP(nil, rec, httptest.NewRequest(http.MethodGet, "/kv?n=-1", nil))
	if rec.Code != 400 || rec.Body.String() != `{"error":"bad n"}` {
		t.Errorf("kv: %d %q", rec.Code, rec.Body.String())
	}
}

"""`make test` audits the dependencies: a known vulnerability fails it; being offline does not."""

import json
import subprocess

import pytest
from django.core.management import CommandError, call_command


def pip_audit_answers(monkeypatch, stdout):
    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, stdout=stdout, stderr="")

    monkeypatch.setattr(subprocess, "run", run)


def test_a_known_vulnerability_fails_the_checks(monkeypatch, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "4.2.0",
                "vulns": [{"id": "PYSEC-2023-61", "fix_versions": ["4.2.1"]}],
            },
            {"name": "nh3", "version": "0.3.7", "vulns": []},
        ]
    }
    pip_audit_answers(monkeypatch, json.dumps(report))
    with pytest.raises(CommandError, match=r"django 4\.2\.0: PYSEC-2023-61 \(fixed in 4\.2\.1\)"):
        call_command("audit_dependencies", "requirements.txt")


def test_a_clean_audit_passes(monkeypatch, capsys):
    report = {"dependencies": [{"name": "nh3", "version": "0.3.7", "vulns": []}]}
    pip_audit_answers(monkeypatch, json.dumps(report))
    call_command("audit_dependencies", "requirements.txt")
    assert "1 dependencies audited: no known vulnerability" in capsys.readouterr().out


@pytest.mark.parametrize(
    "stdout",
    [
        "",  # pip-audit died on a connection error
        json.dumps({"dependencies": [{"name": "nh3", "skip_reason": "not found"}]}),
    ],
)
def test_an_unreachable_service_is_announced_loudly_but_does_not_fail(monkeypatch, capsys, stdout):
    pip_audit_answers(monkeypatch, stdout)
    call_command("audit_dependencies", "requirements.txt")
    assert "DEPENDENCIES NOT AUDITED" in capsys.readouterr().err

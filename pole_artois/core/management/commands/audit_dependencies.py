import json
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

NOTICE = "!" * 78


class Command(BaseCommand):
    help = (
        "Audit the pinned dependencies (a requirements file exported from uv.lock) with pip-audit: "
        "fail on any known vulnerability; when the vulnerability service cannot be reached, say "
        "so loudly and pass, so that the checks still run offline."
    )

    def add_arguments(self, parser):
        parser.add_argument("requirements", help="requirements file with exact pins")

    def handle(self, requirements, **options):
        command = [sys.executable, "-m", "pip_audit", "--disable-pip", "--no-deps"]
        command += ["--progress-spinner", "off", "--format", "json", "-r", requirements]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=180)
            report = json.loads(result.stdout)
        except (subprocess.TimeoutExpired, json.JSONDecodeError):
            return self.unaudited("the vulnerability service did not answer")
        dependencies = report["dependencies"]
        vulnerable = [dep for dep in dependencies if dep.get("vulns")]
        if vulnerable:
            lines = [
                f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in "
                f"{', '.join(vuln['fix_versions']) or 'no release yet'})"
                for dep in vulnerable
                for vuln in dep["vulns"]
            ]
            raise CommandError("Known vulnerabilities:\n" + "\n".join(lines))
        skipped = [dep["name"] for dep in dependencies if "skip_reason" in dep]
        if len(skipped) == len(dependencies):
            return self.unaudited("the vulnerability service knows none of the packages")
        if skipped:
            self.stdout.write(f"Not audited (unknown to the service): {', '.join(skipped)}")
        self.stdout.write(
            f"{len(dependencies) - len(skipped)} dependencies audited: no known vulnerability."
        )

    def unaudited(self, reason):
        self.stderr.write(
            f"{NOTICE}\nDEPENDENCIES NOT AUDITED: {reason} (offline?).\n"
            f"Run `make audit` again with network access before a release.\n{NOTICE}"
        )

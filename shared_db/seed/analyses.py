"""Log Detective answers of the demo data, in the shape the dashboard reads.

The dashboard shows ``explanation.text``, ``solution.text`` (when there is one) and the
``snippets`` grouped by ``source_file``, each at its ``line_number`` with its ``text`` and,
when Log Detective gave one, its ``snippet_analysis``.
"""

from __future__ import annotations

from typing import Any

_ANALYSES: tuple[dict[str, Any], ...] = (
    {
        "explanation": {
            "text": "The %check section failed: a test needs network access, which the"
            " build chroot does not have."
        },
        "no_issue_found": False,
        "solution": {"text": "Skip the tests that reach the network, or mark them as such."},
        "snippets": [
            {
                "text": "FAILED tests/test_remote.py::test_fetch - ConnectionError",
                "line_number": 1482,
                "source_file": "builder-live.log",
                "snippet_analysis": "A test tried to open a network connection.",
            },
            {
                "text": "error: Bad exit status from /var/tmp/rpm-tmp.x1 (%check)",
                "line_number": 1497,
                "source_file": "builder-live.log",
                "snippet_analysis": "rpmbuild stopped because %check failed.",
            },
        ],
    },
    {
        "explanation": {"text": "A build dependency is missing from the chroot's repositories."},
        "no_issue_found": False,
        "solution": {"text": "Add the package to BuildRequires or enable the repository."},
        "snippets": [
            {
                "text": "No matching package to install: 'python3-flit-core >= 3.9'",
                "line_number": 212,
                "source_file": "root.log",
                "snippet_analysis": "The resolver found no such package version.",
            },
        ],
    },
    {
        "explanation": {"text": "The build was interrupted; the logs show no defect in it."},
        "no_issue_found": True,
        "solution": None,
        "snippets": [
            {
                "text": "Build timed out after 18000 seconds",
                "line_number": 9,
                "source_file": "backend.log",
            },
        ],
    },
)


def analysis(index: int) -> dict[str, Any]:
    """One of the canned answers, picked by ``index`` (no random draw, so adding these
    left every other seeded value as it was)."""
    return _ANALYSES[index % len(_ANALYSES)]

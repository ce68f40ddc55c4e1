"""topics/multiple-outputs: shapes, the custom Function's result and received gradients."""

import torch

from site_reader import cell_sources, outputs

PAGE = "topics/multiple-outputs"


def test_reference_shapes(en):
    section = en.section(PAGE, "multiple-outputs-pattern")
    left, right = torch.nn.Linear(3, 4), torch.nn.Linear(3, 4)
    shapes = [tuple(p.shape) for p in (*left.parameters(), *right.parameters())] + [(5, 3)]
    assert outputs(section) == [repr(shapes) + "\n\n"]


def test_checkpointing_and_pipeline_are_checked(en):
    for section_id, name in (
        ("multiple-outputs-checkpointing", "checkpointed"),
        ("multiple-outputs-pipeline", "stage1_grads"),
    ):
        section = en.section(PAGE, section_id)
        checks = "\n".join(cell_sources(section, tag="check"))
        assert name in checks and "reference" in checks and "assert_close" in checks
        assert "grad_outputs=" in "".join(cell_sources(section))


def test_custom_function(en):
    section = en.section(PAGE, "multiple-outputs-custom-function")
    x = torch.tensor([1.0, 2.0])
    g1, g2 = torch.tensor([1.0, 1.0]), torch.tensor([1.0, -1.0])
    result = 2 * x * g1 + 3 * x ** 2 * g2
    assert outputs(section) == [
        repr(result) + "\n\n",
        repr([(g1, g2)]) + "\n\n",
        repr([(torch.ones(2), torch.zeros(2))]) + "\n\n",
        repr([(torch.ones(2), None)]) + "\n\n",
    ]
    assert "gradcheck" in "".join(cell_sources(section, tag="check"))

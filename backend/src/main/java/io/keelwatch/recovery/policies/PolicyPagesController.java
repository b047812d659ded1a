package io.keelwatch.recovery.policies;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.recovery.NewRecoveryPolicy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The recovery policies the caller sees; for leads and admins the form to set one and the buttons to remove them. */
@Controller
class PolicyPagesController {

    private final PolicyService policies;
    private final CurrentViewer currentViewer;

    PolicyPagesController(PolicyService policies, CurrentViewer currentViewer) {
        this.policies = policies;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/recovery/policies")
    @PreAuthorize("@access.canRead()")
    String list(Model model) {
        model.addAttribute("policies", policies.policies(currentViewer.get()));
        return "recovery/policies";
    }

    @PostMapping("/recovery/policies")
    @PreAuthorize("@access.canManageRecoveryPolicies()")
    String set(@RequestParam(required = false) String cluster, @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String project, @RequestParam(required = false) String rpo,
            @RequestParam(required = false) String rto, @RequestParam(required = false) String schedule,
            @RequestParam(required = false) String minTtl, @RequestParam(required = false) String restoreTestEvery,
            RedirectAttributes redirect) {
        try {
            PolicySummary set = policies.set(new NewRecoveryPolicy(cluster, namespace, project, rpo, rto, schedule, minTtl,
                    restoreTestEvery), currentViewer.get());
            redirect.addFlashAttribute("message", "Policy of " + set.scope() + " set.");
        } catch (KeelwatchException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/recovery/policies";
    }

    @PostMapping("/recovery/policies/{id}/delete")
    @PreAuthorize("@access.canManageRecoveryPolicies()")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        policies.delete(id, currentViewer.get());
        redirect.addFlashAttribute("message", "Policy removed.");
        return "redirect:/recovery/policies";
    }
}

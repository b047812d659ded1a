package io.keelwatch.inventory.environments;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The environments page: the order, and for leads and admins forms to add, rename, move and delete.
 * Each change answers with a redirect back, its outcome in the flash; an environment that does not
 * exist is the 404 page.
 */
@Controller
class EnvironmentPagesController {

    private final EnvironmentService environments;
    private final CurrentViewer currentViewer;

    EnvironmentPagesController(EnvironmentService environments, CurrentViewer currentViewer) {
        this.environments = environments;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/environments")
    @PreAuthorize("@access.canRead()")
    String list(Model model) {
        model.addAttribute("environments", environments.environments());
        model.addAttribute("mayManage", currentViewer.get().mayManageClusters());
        return "inventory/environments";
    }

    @PostMapping("/environments")
    @PreAuthorize("@access.canManageClusters()")
    String create(@RequestParam(required = false) String name, RedirectAttributes redirect) {
        return change(redirect, () -> "Environment " + environments.create(new EnvironmentName(name), currentViewer.get()).name()
                + " added after the others; move it where it belongs.");
    }

    @PostMapping("/environments/{name}")
    @PreAuthorize("@access.canManageClusters()")
    String rename(@PathVariable String name, @RequestParam(required = false) String newName, RedirectAttributes redirect) {
        return change(redirect, () -> "Environment " + name + " is now "
                + environments.rename(name, new EnvironmentName(newName), currentViewer.get()).name() + ".");
    }

    /** One place earlier ({@code up}, less critical) or later ({@code down}). */
    @PostMapping("/environments/{name}/move")
    @PreAuthorize("@access.canManageClusters()")
    String move(@PathVariable String name, @RequestParam(defaultValue = "up") String direction, RedirectAttributes redirect) {
        Viewer viewer = currentViewer.get();
        return change(redirect, () -> {
            List<String> order = new ArrayList<>(environments.environments().stream().map(EnvironmentSummary::name).toList());
            int from = order.indexOf(name);
            if (from < 0) {
                throw KeelwatchException.notFound("Environment '" + name + "'");
            }
            int to = "down".equals(direction) ? from + 1 : from - 1;
            if (to >= 0 && to < order.size()) {
                order.add(to, order.remove(from));
                environments.reorder(new EnvironmentOrder(order), viewer);
            }
            return "Order: " + String.join(" < ", order) + ".";
        });
    }

    @PostMapping("/environments/{name}/delete")
    @PreAuthorize("@access.canManageClusters()")
    String delete(@PathVariable String name, RedirectAttributes redirect) {
        return change(redirect, () -> {
            environments.delete(name, currentViewer.get());
            return "Environment " + name + " deleted.";
        });
    }

    private static String change(RedirectAttributes redirect, Supplier<String> change) {
        try {
            redirect.addFlashAttribute("message", change.get());
        } catch (KeelwatchException e) {
            if (e.kind() == CommonProblem.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/environments";
    }
}

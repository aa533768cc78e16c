package dev.jqueue.plans;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One node of a PostgreSQL {@code EXPLAIN (FORMAT JSON)} plan, with its children. */
record PlanNode(String type, String relation, String index, String parentRelationship, List<PlanNode> children) {

    static PlanNode of(JsonNode plan) {
        List<PlanNode> children = new ArrayList<>();
        JsonNode plans = plan.path("Plans");
        for (JsonNode child : plans) {
            children.add(of(child));
        }
        return new PlanNode(plan.path("Node Type").asString(), text(plan, "Relation Name"), text(plan, "Index Name"),
                text(plan, "Parent Relationship"), children);
    }

    private static String text(JsonNode plan, String field) {
        JsonNode value = plan.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** This node and every node below it. */
    List<PlanNode> all() {
        List<PlanNode> nodes = new ArrayList<>();
        nodes.add(this);
        for (PlanNode child : children) {
            nodes.addAll(child.all());
        }
        return nodes;
    }

    /** The input this node consumes (its outer child), without init plans and CTEs attached to it. */
    List<PlanNode> input() {
        List<PlanNode> nodes = new ArrayList<>();
        for (PlanNode child : children) {
            if ("Outer".equals(child.parentRelationship) || "Inner".equals(child.parentRelationship)
                    || "Member".equals(child.parentRelationship)) {
                nodes.addAll(child.all());
            }
        }
        return nodes;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        print(out, 0);
        return out.toString();
    }

    private void print(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append(type);
        if (relation != null) {
            out.append(" on ").append(relation);
        }
        if (index != null) {
            out.append(" using ").append(index);
        }
        out.append('\n');
        for (PlanNode child : children) {
            child.print(out, depth + 1);
        }
    }
}

// Dialpad event subscriptions as Pulumi resources (native provider of pulumi-dialpad-cinnox).
package dialpad

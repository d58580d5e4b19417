// Cinnox event subscriptions as Pulumi resources (native provider of pulumi-dialpad-cinnox).
package cinnox
